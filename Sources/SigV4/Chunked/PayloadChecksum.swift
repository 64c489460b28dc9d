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
                hasher.update(bytes)
                state = .sha1(hasher)
            case .sha256(var hasher):
                hasher.update(bytes)
                state = .sha256(hasher)
            }
        }

        /// The base64 digest of everything fed.
        func finalize() -> String {
            let digest: [UInt8]
            switch state {
            case .crc(let crc, let width, let running):
                digest = PayloadChecksum.bigEndian(crc.finish(running), bytes: width)
            case .sha1(var hasher): digest = hasher.finalize()
            case .sha256(var hasher): digest = hasher.finalize().bytes
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

/// SHA-1 (FIPS 180-4), only for the `x-amz-checksum-sha1` trailer: an integrity checksum
/// there, never used for authentication. Streaming: ``update(_:)`` as the payload arrives, then
/// ``finalize()``.
struct SHA1: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )
    /// Bytes of an unfinished 64-byte block.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    init() {}

    static func hash(_ message: [UInt8]) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(message[...])
        return hasher.finalize()
    }

    mutating func update(_ bytes: ArraySlice<UInt8>) {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[index..<(index + take)]
            index += take
            guard pending.count == 64 else { return }
            compress(pending[...])
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.endIndex - index >= 64 {
            compress(bytes[index..<(index + 64)])
            index += 64
        }
        pending += bytes[index...]
    }

    /// The 20-byte digest. The value is spent.
    mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        for block in stride(from: 0, to: tail.count, by: 64) { compress(tail[block..<(block + 64)]) }
        pending.removeAll()
        return [h.0, h.1, h.2, h.3, h.4].flatMap { word in
            [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
                UInt8(truncatingIfNeeded: word),
            ]
        }
    }

    /// One 64-byte block.
    private mutating func compress(_ block: ArraySlice<UInt8>) {
        var w = [UInt32](repeating: 0, count: 80)
        for t in 0..<16 {
            let i = block.startIndex + 4 * t
            w[t] =
                UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8 | UInt32(block[i + 3])
        }
        for t in 16..<80 {
            let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
            w[t] = x << 1 | x >> 31
        }
        var (a, b, c, d, e) = h
        for t in 0..<80 {
            let f: UInt32
            let k: UInt32
            switch t {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
            }
            let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
            (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
}
