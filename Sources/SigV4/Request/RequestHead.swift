import GatehouseCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A request's method, target and header fields copied once into one contiguous byte buffer,
/// with every field name lowercased, for the signer's and the verifier's byte work.
///
/// A ``SigV4Request`` holds a dozen `String`s. Reading them one by one — the parser finding
/// `Authorization`, the checks walking the names, canonicalization looking each signed name up —
/// retained and released each string at every access (two atomic operations apiece) and
/// lowercased names again for every comparison. The head costs one pass of copies into one
/// `malloc` block; after that a lookup is a length compare and a word compare, and nothing is
/// reference counted. Each field is stored as `name:value\n` — a canonical header line already,
/// so a header sent once with a clean value is copied into the canonical request whole.
///
/// Field `i` is the request's header line `i`: callers that need the original `String` index
/// ``SigV4Request/headers`` with it.
struct RequestHead: ~Copyable {
    /// Where one field's lowercased name and verbatim value lie in ``bytes``.
    struct Field {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let fields: UnsafeBufferPointer<Field>
    let method: Range<Int>
    let path: Range<Int>
    let query: Range<Int>
    /// One `Int` per field for the caller's own use (the signer sorts field indices in it);
    /// empty unless asked for.
    let scratch: UnsafeMutableBufferPointer<Int>
    /// The one allocation holding the field table, the scratch space, then the bytes.
    private let storage: UnsafeMutableRawPointer

    /// Lays `request` out in one heap block: a value, not a `with` closure, because closures
    /// around the layout captured the request and the verifier by copy — a dozen retains each
    /// time, more than the layout saves. A block this size comes from the allocator's
    /// per-thread cache: no lock, no atomic operation.
    /// `nil`, with nothing copied, when the method, target, header names and values add up to
    /// more than `maxBytes`: the verifier's `maxHeaderBytes`, checked in the same pass that sizes
    /// the block.
    init?(_ request: borrowing SigV4Request, scratch wantsScratch: Bool = false, maxBytes: Int = .max) {
        let count = request.headers.count
        var total = request.method.utf8.count + request.path.utf8.count + request.query.utf8.count
        // Sizes first, so one block holds everything. Reading each string still costs a
        // representation check and, for a long one, a retain: about a dozen per request, the
        // largest share of what is left here.
        for index in 0..<count {
            total += request.headers[index].name.utf8.count + request.headers[index].value.utf8.count
        }
        guard total <= maxBytes else { return nil }
        total += 2 * count  // each field's `:` and `\n`
        let tableBytes = count * MemoryLayout<Field>.stride
        let scratchCount = wantsScratch ? count : 0
        let scratchBytes = scratchCount * MemoryLayout<Int>.stride
        storage = Scratch.allocate(byteCount: tableBytes + scratchBytes + total)
        let table = storage.bindMemory(to: Field.self, capacity: count)
        scratch = UnsafeMutableBufferPointer(
            start: (storage + tableBytes).bindMemory(to: Int.self, capacity: scratchCount),
            count: scratchCount
        )
        let text = UnsafeMutableBufferPointer(
            start: (storage + tableBytes + scratchBytes).bindMemory(to: UInt8.self, capacity: total),
            count: total
        )
        var cursor = 0
        method = Self.copy(request.method, into: text, at: &cursor, lowercasing: false)
        path = Self.copy(request.path, into: text, at: &cursor, lowercasing: false)
        query = Self.copy(request.query, into: text, at: &cursor, lowercasing: false)
        for index in 0..<count {
            // `name:value\n`, as a canonical header line: a header sent once with a clean value
            // is then copied into the canonical request in one piece.
            let name = Self.copy(request.headers[index].name, into: text, at: &cursor, lowercasing: true)
            text[cursor] = UInt8(ascii: ":")
            cursor += 1
            let value = Self.copy(request.headers[index].value, into: text, at: &cursor, lowercasing: false)
            text[cursor] = UInt8(ascii: "\n")
            cursor += 1
            (table + index).initialize(
                to: Field(
                    nameStart: name.lowerBound,
                    nameEnd: name.upperBound,
                    valueStart: value.lowerBound,
                    valueEnd: value.upperBound
                )
            )
        }
        bytes = UnsafeBufferPointer(start: text.baseAddress, count: cursor)
        fields = UnsafeBufferPointer(start: table, count: count)
    }

    deinit { Scratch.release(storage) }

    /// Copies `text`'s UTF-8 into `storage` at `cursor` (ASCII letters folded to lower case when
    /// `lowercasing`) and returns where it landed.
    @inline(__always)
    private static func copy(
        _ text: borrowing String,
        into storage: UnsafeMutableBufferPointer<UInt8>,
        at cursor: inout Int,
        lowercasing: Bool
    ) -> Range<Int> {
        let start = cursor
        let destination = storage.baseAddress! + start
        let copied: Int? = text.utf8.withContiguousStorageIfAvailable { source in
            if let base = source.baseAddress { ByteCopy.copy(destination, base, source.count) }
            return source.count
        }
        if let copied {
            cursor += copied
        } else {
            for byte in text.utf8 {
                storage[cursor] = byte
                cursor += 1
            }
        }
        if lowercasing {
            // Branch-free, so the loop vectorizes: 0x20 is or-ed into exactly the bytes A–Z.
            for index in start..<cursor {
                let byte = storage[index]
                storage[index] = byte | (byte &- UInt8(ascii: "A") < 26 ? 0x20 : 0)
            }
        }
        return start..<cursor
    }

    // MARK: Reading

    var methodBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[method]) }
    var pathBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[path]) }
    var queryBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[query]) }

    /// Field `index`'s name, lowercased.
    @inline(__always)
    func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[index]
        return UnsafeBufferPointer(rebasing: bytes[field.nameStart..<field.nameEnd])
    }

    /// Field `index`'s value as received.
    @inline(__always)
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[index]
        return UnsafeBufferPointer(rebasing: bytes[field.valueStart..<field.valueEnd])
    }

    /// `true` when field `index` is named `name` (a lowercase name).
    @inline(__always)
    func field(_ index: Int, isNamed name: UnsafeBufferPointer<UInt8>) -> Bool {
        let field = fields[index]
        guard field.nameEnd - field.nameStart == name.count else { return false }
        guard let base = bytes.baseAddress, let other = name.baseAddress else { return true }
        return ByteCopy.equal(base + field.nameStart, other, name.count)
    }

    /// The first field at or after `start` named `name` (lowercase), if any.
    @inline(__always)
    func firstIndex(named name: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        var index = start
        while index < fields.count {
            if field(index, isNamed: name) { return index }
            index += 1
        }
        return nil
    }

    /// The first field named by the lowercase `literal`, if any.
    @inline(__always)
    func firstIndex(named literal: StaticString) -> Int? {
        firstIndex(named: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The first value of the field named by the lowercase `literal`, as a `String`.
    func firstValue(named literal: StaticString) -> String? {
        guard let index = firstIndex(named: literal) else { return nil }
        return String(decoding: value(index), as: UTF8.self)
    }

    /// Appends `name:value\n` for one lowercase `name`: the values of every field with that name
    /// in arrival order, trimmed, inner whitespace runs collapsed, joined with `,`. Returns `false`
    /// when there is no such field (the line is still written, with an empty value).
    @discardableResult
    func appendCanonicalHeader(named name: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) -> Bool {
        // The usual case: one field of that name, its value without spaces or control bytes —
        // its stored line is already the canonical one.
        if let first = firstIndex(named: name), firstIndex(named: name, from: first + 1) == nil,
            ByteSearch.hasNoSpaceOrControl(value(first))
        {
            let field = fields[first]
            out.append(UnsafeBufferPointer(rebasing: bytes[field.nameStart..<(field.valueEnd + 1)]))
            return true
        }
        out.append(name)
        out.append(UInt8(ascii: ":"))
        var found = false
        for index in 0..<fields.count where field(index, isNamed: name) {
            if found { out.append(UInt8(ascii: ",")) }
            found = true
            CanonicalHeaders.appendNormalizedValue(value(index), to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return found
    }
}
