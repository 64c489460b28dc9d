import GatehouseCrypto

/// The flexible checksums S3 carries in a streaming body's trailer (`x-amz-checksum-crc32`,
/// `-crc32c`, `-crc64nvme`, `-sha1`, `-sha256`): base64 of the big-endian digest of the
/// decoded payload. A streaming verification recomputes the named checksum and compares, so
/// an unsigned-chunk body (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) is still checked end to end;
/// a checksum trailer Gatehouse cannot compute is refused, never skipped.
enum PayloadChecksum {
    /// The trailer names this verifier computes.
    static let names = [
        "x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1",
        "x-amz-checksum-sha256",
    ]

    /// `true` for a trailer name of the `x-amz-checksum-*` family.
    static func isChecksum(_ name: String) -> Bool { name.hasPrefix("x-amz-checksum-") }

    /// The base64 digest the trailer `name` should carry for `body`, or `nil` when the
    /// algorithm is not one of ``names``.
    static func expected(_ name: String, body: [UInt8]) -> String? {
        guard var accumulator = Accumulator(name) else { return nil }
        accumulator.update(body[...])
        return accumulator.finalize()
    }

    /// One checksum computed as the payload streams: fed the decoded bytes piece by piece, it
    /// ends with the same base64 text as ``expected(_:body:)`` over the whole payload.
    struct Accumulator: Sendable {
        private enum State: Sendable {
            case crc(ReflectedCRC, width: Int, running: UInt64)
            case sha1(SHA1)
            case sha256(SHA256)
            /// Held only while ``update(_:)`` has the SHA-1 hasher out of the enum.
            case updating
        }

        /// The trailer name (`x-amz-checksum-…`).
        let name: String
        private var state: State

        /// An accumulator for the trailer `name`; `nil` when it is not one of ``names``.
        init?(_ name: String) {
            self.name = name
            switch name {
            case "x-amz-checksum-crc32":
                state = .crc(PayloadChecksum.crc32, width: 4, running: PayloadChecksum.crc32.start)
            case "x-amz-checksum-crc32c":
                state = .crc(PayloadChecksum.crc32c, width: 4, running: PayloadChecksum.crc32c.start)
            case "x-amz-checksum-crc64nvme":
                state = .crc(PayloadChecksum.crc64nvme, width: 8, running: PayloadChecksum.crc64nvme.start)
            case "x-amz-checksum-sha1": state = .sha1(SHA1())
            case "x-amz-checksum-sha256": state = .sha256(SHA256())
            default: return nil
            }
        }

        mutating func update(_ bytes: ArraySlice<UInt8>) {
            switch state {
            case .crc(let crc, let width, let running):
                state = .crc(crc, width: width, running: crc.update(running, bytes))
            case .sha1(var hasher):
                // Out of the enum first, so the hasher is its EVP context's one owner and absorbs
                // in place: SHA1 is copy-on-write, and a shared context is duplicated per piece.
                state = .updating
                hasher.update(bytes)
                state = .sha1(hasher)
            case .sha256(var hasher):
                hasher.update(bytes)
                state = .sha256(hasher)
            case .updating:
                break
            }
        }

        /// The base64 digest of everything fed; `nil` when it could not be computed (OpenSSL failed
        /// under SHA-1), which the caller refuses like a mismatch.
        func finalize() -> String? {
            let digest: [UInt8]
            switch state {
            case .crc(let crc, let width, let running):
                digest = PayloadChecksum.bigEndian(crc.finish(running), bytes: width)
            case .sha1(var hasher):
                guard let bytes = hasher.finalize() else { return nil }
                digest = bytes
            case .sha256(var hasher): digest = hasher.finalize().bytes
            case .updating: return nil
            }
            return Base64.encode(digest)
        }
    }

    private static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (bytes - 1 - $0))) }
    }

    /// A reflected CRC (input and output bit-reversed, as these three are), table-driven.
    struct ReflectedCRC: Sendable {
        let table: [UInt64]
        let mask: UInt64

        init(polynomial: UInt64, width: Int) {
            mask = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            table = (0..<256).map { byte in
                var crc = UInt64(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
                return crc
            }
        }

        func checksum(_ bytes: [UInt8]) -> UInt64 { finish(update(start, bytes[...])) }

        /// The running value before any byte.
        var start: UInt64 { mask }

        /// The running value after `bytes` more.
        func update(_ running: UInt64, _ bytes: ArraySlice<UInt8>) -> UInt64 {
            var crc = running
            for byte in bytes { crc = table[Int((crc ^ UInt64(byte)) & 0xff)] ^ (crc >> 8) }
            return crc
        }

        /// The checksum of everything a running value has seen.
        func finish(_ running: UInt64) -> UInt64 { (running ^ mask) & mask }
    }

    /// CRC-32 (ISO-HDLC, zlib's), CRC-32C (Castagnoli) and CRC-64/NVME, their reflected
    /// polynomials.
    static let crc32 = ReflectedCRC(polynomial: 0xEDB8_8320, width: 32)
    static let crc32c = ReflectedCRC(polynomial: 0x82F6_3B78, width: 32)
    static let crc64nvme = ReflectedCRC(polynomial: 0x9A6C_9329_AC4B_C9B5, width: 64)
}
