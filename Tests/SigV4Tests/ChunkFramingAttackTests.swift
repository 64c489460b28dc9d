import GatehouseCore
import GatehouseCrypto
import TestSupport
import Testing

@testable import SigV4

/// The attacker's pass over `aws-chunked` framing as it streams: a genuine signed upload whose
/// framing (not its signed data) is rewritten the ways a hostile client or proxy would — sizes
/// with signs, prefixes, blanks, too many digits or more bytes than sent; separators that are not
/// CRLF; a missing or repeated final chunk; bytes after the end; a header cut inside
/// `;chunk-signature=` — and fed one byte at a time and in random pieces. Each must give the
/// whole-body verdict, fail with a typed code (never trap), and release only payload bytes of
/// whole chunks whose signatures verified.
@Suite("Chunk framing under attack")
struct ChunkFramingAttackTests {
    typealias Base = StreamingBodyVerifierTests

    /// A rewrite of the genuine wire body: replaces the first occurrence of `from` (after
    /// `skip` occurrences) with `to`, or appends/truncates.
    struct Rewrite: Sendable, CustomTestStringConvertible {
        let name: String
        /// `nil`: the genuine body is valid; otherwise the failure code it must give.
        let expected: SigV4Failure.Code?
        /// Any failure will do (``expected`` is then not compared).
        var anyFailure = false
        let apply: @Sendable ([UInt8]) -> [UInt8]

        var testDescription: String { name }
    }

    static func replacingFirst(_ from: String, _ to: String, skip: Int = 0) -> @Sendable ([UInt8]) -> [UInt8] {
        { wire in
            let needle = Array(from.utf8)
            var found = 0
            var index = 0
            while index + needle.count <= wire.count {
                if Array(wire[index..<(index + needle.count)]) == needle {
                    if found == skip {
                        return Array(wire[..<index]) + Array(to.utf8) + Array(wire[(index + needle.count)...])
                    }
                    found += 1
                }
                index += 1
            }
            Issue.record("`\(from)` not in the wire body")
            return wire
        }
    }

    /// A 150-byte payload in 60-byte chunks: headers `3c;chunk-signature=…`, `3c;…`, `1e;…`, `0;…`.
    static let payload = Base.body(150, seed: 77)

    static let rewrites: [Rewrite] = [
        Rewrite(name: "genuine", expected: nil, apply: { $0 }),
        // Sizes: the value is what counts, leading zeros are digits (8 at most).
        Rewrite(name: "leading zeros", expected: nil, apply: replacingFirst("3c;chunk", "0000003c;chunk")),
        Rewrite(name: "uppercase hex size", expected: nil, apply: replacingFirst("1e;chunk", "1E;chunk")),
        Rewrite(name: "nine digits", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "00000003c;chunk")),
        Rewrite(name: "plus sign", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "+3c;chunk")),
        Rewrite(name: "minus sign", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "-3c;chunk")),
        Rewrite(name: "0x prefix", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "0x3c;chunk")),
        Rewrite(name: "space before size", expected: .invalidPayload, apply: replacingFirst("3c;chunk", " 3c;chunk")),
        Rewrite(name: "space after size", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "3c ;chunk")),
        Rewrite(name: "no size", expected: .invalidPayload, apply: replacingFirst("3c;chunk", ";chunk")),
        Rewrite(name: "size 2^32-1", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "ffffffff;chunk")),
        Rewrite(
            name: "size larger than sent",
            expected: .invalidPayload,
            apply: replacingFirst("1e;chunk", "1f;chunk")
        ),
        Rewrite(
            name: "size smaller than sent",
            expected: .signatureDoesNotMatch,
            apply: replacingFirst("1e;chunk", "1d;chunk")
        ),
        Rewrite(
            name: "nonzero final chunk",
            expected: .invalidPayload,
            apply: replacingFirst("\r\n0;chunk", "\r\n1;chunk")
        ),
        // The signature parameter.
        Rewrite(
            name: "parameter name case",
            expected: .invalidPayload,
            apply: replacingFirst(";chunk-signature=", ";Chunk-Signature=")
        ),
        Rewrite(
            name: "blank before parameter",
            expected: .invalidPayload,
            apply: replacingFirst(";chunk-signature=", " ;chunk-signature=")
        ),
        Rewrite(
            name: "another extension first",
            expected: .invalidPayload,
            apply: replacingFirst(";chunk-signature=", ";x=y;chunk-signature=")
        ),
        Rewrite(
            name: "empty signature",
            expected: .signatureDoesNotMatch,
            apply: { wire in
                // Drop the 64 hex digits of the first chunk's signature.
                let marker = Array(";chunk-signature=".utf8)
                guard
                    let at = (0...(wire.count - marker.count)).first(where: {
                        Array(wire[$0..<($0 + marker.count)]) == marker
                    })
                else { return wire }
                let start = at + marker.count
                return Array(wire[..<start]) + Array(wire[(start + 64)...])
            }
        ),
        // Separators.
        // The header line then runs on into the data: some failure, which one depends on where.
        Rewrite(
            name: "LF after header",
            expected: .invalidPayload,
            anyFailure: true,
            apply: { wire in
                let first = wire.firstIndex(of: 0x0d)!
                return Array(wire[..<first]) + Array(wire[(first + 1)...])
            }
        ),
        Rewrite(name: "CR CR LF after data", expected: .invalidPayload, apply: replacingFirst("\r\n1e;", "\r\r\n1e;")),
        Rewrite(name: "LF alone after data", expected: .invalidPayload, apply: replacingFirst("\r\n1e;", "\n1e;")),
        Rewrite(name: "NUL in header", expected: .invalidPayload, apply: replacingFirst("3c;chunk", "3c\u{0};chunk")),
        // The end.
        Rewrite(
            name: "no final chunk",
            expected: .invalidPayload,
            apply: { wire in
                let marker = Array("\r\n0;chunk-signature=".utf8)
                let at = (0...(wire.count - marker.count)).last { Array(wire[$0..<($0 + marker.count)]) == marker }!
                return Array(wire[..<(at + 2)])
            }
        ),
        Rewrite(name: "no final CRLF", expected: .invalidPayload, apply: { Array($0.dropLast(2)) }),
        Rewrite(name: "extra CRLF after the end", expected: .invalidPayload, apply: { $0 + [0x0d, 0x0a] }),
        Rewrite(name: "a byte after the end", expected: .invalidPayload, apply: { $0 + [0x30] }),
        Rewrite(
            name: "the final chunk twice",
            expected: .invalidPayload,
            apply: { wire in
                let marker = Array("0;chunk-signature=".utf8)
                let at = (0...(wire.count - marker.count)).last { Array(wire[$0..<($0 + marker.count)]) == marker }!
                return wire + Array(wire[at...])
            }
        ),
        Rewrite(
            name: "trailer without declaration",
            expected: .invalidPayload,
            apply: { wire in
                Array(wire.dropLast(2)) + Array("x-amz-checksum-crc32:AAAAAA==\r\n\r\n".utf8)
            }
        ),
        Rewrite(
            name: "cut inside chunk-signature",
            expected: .invalidPayload,
            apply: { wire in
                let marker = Array(";chunk-sig".utf8)
                let at = (0...(wire.count - marker.count)).first { Array(wire[$0..<($0 + marker.count)]) == marker }!
                return Array(wire[..<(at + marker.count)])
            }
        ),
        Rewrite(name: "empty body", expected: .invalidPayload, apply: { _ in [] }),
    ]

    @Test(arguments: rewrites)
    func rewrittenFraming(_ rewrite: Rewrite) throws {
        let form = Base.Form.signedChunks
        let request = try Base.upload(form, body: Self.payload, chunkSize: 60)
        let wire = rewrite.apply(request.body)
        let whole = Base.whole(request, wire: wire, verifier: form.verifier)
        if rewrite.anyFailure {
            #expect(!whole.isValid, "whole-body verdict \(whole)")
        } else {
            #expect(whole.code == rewrite.expected, "whole-body verdict \(whole)")
        }
        var splits: [Base.Split] = [.whole, .every(1), .every(2), .every(3), .every(61)]
        splits += (1...6).map { Base.Split.random(UInt64($0) &* 0x9E37) }
        for split in splits {
            let streamed = Base.stream(request, pieces: split.pieces(wire), verifier: form.verifier)
            #expect(streamed.outcome.code == whole.code, "\(split): \(streamed.outcome) vs \(whole)")
            // Only whole, verified chunks of the genuine payload are ever released.
            #expect(Array(Self.payload.prefix(streamed.released.count)) == streamed.released, "\(split)")
            #expect(
                [0, 60, 120, 150].contains(streamed.released.count),
                "\(split): \(streamed.released.count) bytes released"
            )
            if rewrite.expected == nil { #expect(streamed.outcome.payload == Self.payload) }
        }
    }

    /// Sizes whose arithmetic could overflow or exceed a limit, against the bare decoder: refused
    /// at the header, before any data byte is awaited, with `InvalidPayload`.
    @Test(arguments: [
        "ffffffff", "7fffffff", "80000000", "fffffffe", "100000000", "0000000000000040", "ffffffffffffffff",
        "10000",  // over a 4 KiB chunk limit
    ])
    func hostileSizes(_ size: String) {
        var limits = AWSChunkedEncoding.Limits()
        limits.maxChunkSize = 4096
        for declared in [nil, 100] as [Int?] {
            var decoder = AWSChunkedDecoder(chain: nil, trailer: .none, decodedLength: declared, limits: limits)
            var out: [UInt8] = []
            #expect(throws: SigV4Failure.self) {
                try decoder.consume(Array("\(size)\r\n".utf8)[...], into: &out)
            }
            #expect(out.isEmpty)
            // The failure is final and typed, and finish repeats it.
            #expect(throws: SigV4Failure.self) { try decoder.consume([0x41][...], into: &out) }
            do throws(SigV4Failure) {
                _ = try decoder.finish()
                Issue.record("finish after a failure passed")
            } catch {
                #expect(error.code == .invalidPayload)
            }
        }
    }

    /// A body verifier used out of order: finish without any consume, consume after finish,
    /// finish twice — each a typed refusal, never a trap, never a second verdict.
    @Test(arguments: Base.Form.allCases)
    func outOfOrderCalls(form: Base.Form) throws {
        let request = try Base.upload(form, body: Base.body(100))
        let head = form.verifier.verifyHead(request, now: Base.date) { _ in Base.stored }
        var verifier = try #require(head.bodyVerifier)
        // finish() before any byte: an empty body, which is not what was signed (or framed).
        let early: SigV4Failure?
        do throws(SigV4Failure) {
            _ = try verifier.finish()
            early = nil
        } catch {
            early = error
        }
        if form.mode == .unsignedPayload {
            #expect(early == nil, "an unsigned payload may be empty")
        } else {
            #expect(early != nil, "\(form): an empty body finished as valid")
        }
        #expect(throws: SigV4Failure.self) { _ = try verifier.consume(request.body) }
        #expect(throws: SigV4Failure.self) { _ = try verifier.finish() }
    }
}
