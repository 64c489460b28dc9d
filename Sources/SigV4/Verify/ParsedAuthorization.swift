import GatehouseCore
import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a request claims about its signature, parsed from the `Authorization` header or the
/// presigned query, before any cryptography.
///
/// Parts are byte ranges into one source (the `Authorization` value, or for a presigned request
/// the decoded credential, signed headers and signature joined by newlines), which the object
/// keeps as its own bytes: the checks read it directly, with no string to lend (and retain) at
/// every step, and strings are made only when a message or an identity needs them.
///
/// The bytes are the tail of the one object inside (a `ManagedBuffer`): one allocation per
/// verification, where an object and a separate block for its bytes were two `malloc`s and two
/// `free`s. A struct around that reference (copying it is one reference count, as a class's
/// would be), because a `ManagedBuffer` cannot itself be `Sendable`.
///
/// Every read goes through a closure that lends the block's pointers (``withSource(_:)`` for the
/// bytes, `withParts` for the header): no pointer outlives the closure that lent it.
///
/// `@unchecked Sendable`: the header is immutable after creation, and the tail bytes are
/// written once, by the factory, before the value is shared (nothing else can write them: the
/// storage is private, and only the factory's closure has a mutable pointer).
struct ParsedAuthorization: @unchecked Sendable {
    // One object: parsed once, then passed through the verifier and into the identity by
    // reference, instead of copying (and retaining) a dozen fields at every step.
    final class Storage: ManagedBuffer<Parts, UInt8> {}

    private let storage: Storage

    /// Reads the header through its pointer, inside the closure that lends it:
    /// `ManagedBuffer.header` is a class's `var`, and each read of it was a dynamic exclusivity
    /// check (several hundred instructions a verification). It is never written after
    /// creation, so there is no access to check.
    @inline(__always)
    private func withParts<R>(_ body: (UnsafeMutablePointer<Parts>) -> R) -> R {
        unsafe storage.withUnsafeMutablePointerToHeader(body)
    }

    /// Everything but the bytes.
    struct Parts {
        let sourceCount: Int
        let algorithm: SigningAlgorithm
        let accessKeyId: String
        let scope: Range<Int>
        let scopeDate: Range<Int>
        let scopeRegion: Range<Int>
        let scopeService: Range<Int>
        let signedHeaders: Range<Int>
        let signedNames: SignedNames?
        let signsHost: Bool
        let signsContentSHA256: Bool
        let signature: Range<Int>
        let amzDateRange: Range<Int>
        let date: AmzDate
        let presignExpires: Int?
        let sessionToken: String?
        let regionSet: String?
        let template: AuthorizationMemo.Entry?
        let rememberable: Bool
    }

    /// Lends `body` the parsed value's bytes, then the date text (the ranges below index them):
    /// the buffer is valid only inside `body`.
    @inline(__always)
    func withSource<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try unsafe storage.withUnsafeMutablePointers { (parts, bytes) throws(E) -> R in
            try unsafe body(UnsafeBufferPointer(start: bytes, count: parts.pointee.sourceCount))
        }
    }
    var algorithm: SigningAlgorithm { unsafe withParts { unsafe $0.pointee.algorithm } }
    var accessKeyId: String { unsafe withParts { unsafe $0.pointee.accessKeyId } }
    /// The credential scope after the access key id (`date/region/service/aws4_request`).
    var scope: Range<Int> { unsafe withParts { unsafe $0.pointee.scope } }
    var scopeDate: Range<Int> { unsafe withParts { unsafe $0.pointee.scopeDate } }
    /// The scope's region (SigV4); empty for SigV4a.
    var scopeRegion: Range<Int> { unsafe withParts { unsafe $0.pointee.scopeRegion } }
    var scopeService: Range<Int> { unsafe withParts { unsafe $0.pointee.scopeService } }
    /// The SignedHeaders list: lowercase names, each non-empty, separated by single `;`
    /// (checked by the parser; walked with ``forEachSignedHeaderName(_:)``, no array kept).
    var signedHeaders: Range<Int> { unsafe withParts { unsafe $0.pointee.signedHeaders } }
    /// The SignedHeaders names split once (`nil` for a list the inline form cannot hold).
    var signedNames: SignedNames? { unsafe withParts { unsafe $0.pointee.signedNames } }
    /// SignedHeaders names `host`, and `x-amz-content-sha256` (found in one walk at parse
    /// time: every verification asks both).
    var signsHost: Bool { unsafe withParts { unsafe $0.pointee.signsHost } }
    var signsContentSHA256: Bool { unsafe withParts { unsafe $0.pointee.signsContentSHA256 } }
    var signature: Range<Int> { unsafe withParts { unsafe $0.pointee.signature } }
    /// Where the date text for the string to sign (always the basic form) lies in the bytes ``withSource(_:)`` lends,
    /// after the parsed value itself.
    var amzDateRange: Range<Int> { unsafe withParts { unsafe $0.pointee.amzDateRange } }
    var date: AmzDate { unsafe withParts { unsafe $0.pointee.date } }
    /// Set for presigned requests.
    var presignExpires: Int? { unsafe withParts { unsafe $0.pointee.presignExpires } }
    var sessionToken: String? { unsafe withParts { unsafe $0.pointee.sessionToken } }
    /// SigV4a's region set.
    var regionSet: String? { unsafe withParts { unsafe $0.pointee.regionSet } }
    /// The memo's entry this value's prefix matched: its scope was checked against this
    /// verifier's configuration when remembered, and its key may be used.
    var template: AuthorizationMemo.Entry? { unsafe withParts { unsafe $0.pointee.template } }
    /// A value the memo may remember once its signature verifies: SigV4's common form with a
    /// 64-digit signature at the end (see ``AuthorizationMemo``).
    var rememberable: Bool { unsafe withParts { unsafe $0.pointee.rememberable } }

    /// An object holding `value` then `amzDate` as its bytes, and `parts(total)` as its header.
    private static func make(
        value: UnsafeBufferPointer<UInt8>,
        amzDate: UnsafeBufferPointer<UInt8>,
        parts: (Int) -> Parts
    ) -> ParsedAuthorization {
        let total = value.count + amzDate.count
        let object = unsafe unsafeDowncast(
            Storage.create(minimumCapacity: total) { _ in parts(total) },
            to: Storage.self
        )
        unsafe object.withUnsafeMutablePointers { header, bytes in
            // The block was made for `total` bytes, and readers bound themselves by the header's
            // count: the two must agree before anything is written.
            precondition(unsafe header.pointee.sourceCount == total, "authorization block size mismatch")
            if let base = value.baseAddress { unsafe bytes.initialize(from: base, count: value.count) }
            if let base = amzDate.baseAddress {
                unsafe (bytes + value.count).initialize(from: base, count: amzDate.count)
            }
        }
        return ParsedAuthorization(storage: object)
    }

    /// A value whose prefix matched `template`: the parts are the template's ranges, the
    /// signature what follows them.
    static func make(
        template: AuthorizationMemo.Entry,
        value: UnsafeBufferPointer<UInt8>,
        amzDate: UnsafeBufferPointer<UInt8>,
        date: AmzDate
    ) -> ParsedAuthorization {
        let remembered = template.parsed
        return unsafe make(value: value, amzDate: amzDate) { total in
            Parts(
                sourceCount: total,
                algorithm: .sigV4,
                accessKeyId: remembered.accessKeyId,
                scope: remembered.scope,
                scopeDate: remembered.scopeDate,
                scopeRegion: remembered.scopeRegion,
                scopeService: remembered.scopeService,
                signedHeaders: remembered.signedHeaders,
                signedNames: remembered.signedNames,
                signsHost: remembered.signsHost,
                signsContentSHA256: remembered.signsContentSHA256,
                signature: template.prefixCount..<value.count,
                amzDateRange: value.count..<total,
                date: date,
                presignExpires: nil,
                sessionToken: nil,
                regionSet: nil,
                template: template,
                rememberable: false
            )
        }
    }

    static func make(
        source: UnsafeBufferPointer<UInt8>,
        algorithm: SigningAlgorithm,
        accessKeyId: String,
        scope: Range<Int>,
        scopeDate: Range<Int>,
        scopeRegion: Range<Int>,
        scopeService: Range<Int>,
        signedHeaders: Range<Int>,
        signature: Range<Int>,
        amzDate: UnsafeBufferPointer<UInt8>,
        date: AmzDate,
        presignExpires: Int?,
        sessionToken: String?,
        regionSet: String?,
        rememberable: Bool
    ) -> ParsedAuthorization {
        var signsHost = false
        var signsContentSHA256 = false
        unsafe forEachName(in: source, list: signedHeaders) { name in
            if unsafe name.count == 4 && ByteText.equals(source, name, "host") { signsHost = true }
            if unsafe name.count == 20 && ByteText.equals(source, name, "x-amz-content-sha256") {
                signsContentSHA256 = true
            }
            return true
        }
        let signedNames = unsafe SignedNames(source: source, list: signedHeaders)
        return unsafe make(value: source, amzDate: amzDate) { total in
            Parts(
                sourceCount: total,
                algorithm: algorithm,
                accessKeyId: accessKeyId,
                scope: scope,
                scopeDate: scopeDate,
                scopeRegion: scopeRegion,
                scopeService: scopeService,
                signedHeaders: signedHeaders,
                signedNames: signedNames,
                signsHost: signsHost,
                signsContentSHA256: signsContentSHA256,
                signature: signature,
                amzDateRange: source.count..<total,
                date: date,
                presignExpires: presignExpires,
                sessionToken: sessionToken,
                regionSet: regionSet,
                template: nil,
                rememberable: rememberable
            )
        }
    }

    var isPresigned: Bool { presignExpires != nil }

    var amzDate: String { string(amzDateRange) }

    func string(_ range: Range<Int>) -> String { unsafe withSource { unsafe ByteText.string($0, range) } }

    var scopeString: String { string(scope) }
    var scopeDateString: String { string(scopeDate) }
    var signatureString: String { string(signature) }
    var signedHeaderNameStrings: [String] {
        var names: [String] = []
        forEachSignedHeaderName { range in
            names.append(string(range))
            return true
        }
        return names
    }

    /// Calls `body` with the range (in the bytes ``withSource(_:)`` lends) of each name in SignedHeaders, in the
    /// client's order, until it returns `false`.
    @inline(__always)
    func forEachSignedHeaderName(_ body: (Range<Int>) -> Bool) {
        unsafe withSource { unsafe Self.forEachName(in: $0, list: signedHeaders, body) }
    }

    /// The ranges of the `;`-separated names in `list`, until `body` returns `false`.
    @inline(__always)
    static func forEachName(
        in source: UnsafeBufferPointer<UInt8>,
        list: Range<Int>,
        _ body: (Range<Int>) -> Bool
    ) {
        var start = list.lowerBound
        while start < list.upperBound {
            let end = unsafe ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: source, from: start, to: list.upperBound)
            if !body(start..<end) { return }
            start = end + 1
        }
    }

    /// `true` when SignedHeaders names `name` (lowercase bytes; the list is lowercase too, so
    /// this is byte equality).
    func signs(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !name.isEmpty else { return false }
        var found = false
        unsafe withSource { source in
            unsafe Self.forEachName(in: source, list: signedHeaders) { range in
                found =
                    unsafe range.count == name.count
                    && ByteCopy.equal(source.baseAddress! + range.lowerBound, name.baseAddress!, name.count)
                return !found
            }
        }
        return found
    }

    /// `true` when the bytes at `range` equal `text` exactly.
    func part(_ range: Range<Int>, equals text: String) -> Bool {
        guard range.count == text.utf8.count else { return false }
        guard !range.isEmpty else { return true }
        return unsafe withSource { source in
            unsafe text.withUTF8Bytes {
                unsafe ByteCopy.equal(source.baseAddress! + range.lowerBound, $0.baseAddress!, range.count)
            }
        }
    }
}
