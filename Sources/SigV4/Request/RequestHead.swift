import GatehouseCrypto

/// A view of a request's method, target and header fields — the bytes of its
/// ``RequestStorage``, every field name lowercased — for the signer's and the verifier's byte
/// work.
///
/// A view, not a copy: it holds the storage's pointers, so it is valid only while the request it
/// was made from is alive and unchanged. Make one inside a function that borrows the request,
/// and do not keep it past a change to that request (an append may move the block).
///
/// Field `i` is the request's header line `i`.
struct RequestHead {
    /// Where one field's name as sent, lowercased name and verbatim value lie in ``bytes``. The
    /// lowercased name is followed by `:`, the value and `\n`: a canonical header line.
    struct Field {
        var originalStart: Int
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
    /// The method, path, query, names and values added up once each: what a verifier's
    /// `maxHeaderBytes` limits.
    let textCount: Int

    /// The view of `request`'s bytes.
    @inline(__always)
    init(_ request: borrowing SigV4Request) {
        let storage = request.storage
        let layout = storage.layout
        bytes = UnsafeBufferPointer(start: storage.text, count: layout.byteCount)
        fields = UnsafeBufferPointer(start: storage.table, count: layout.fieldCount)
        method = layout.method
        path = layout.path
        query = layout.query
        textCount = layout.textCount
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

    /// Appends the canonical line of field `index`, the only field of its name: its stored
    /// `name:value\n` when the value has no space or control byte, else trimmed and folded.
    @inline(__always)
    func appendCanonicalHeader(field index: Int, to out: inout ByteWriter) {
        // The stored line, checked from the name to the value's end and copied in the same pass.
        // (A name is a token on the wire; one with such a byte only takes the path below, which
        // writes it the same.)
        let field = fields[index]
        let line = UnsafeBufferPointer(rebasing: bytes[field.nameStart..<(field.valueEnd + 1)])
        if out.appendIfNoSpaceOrControl(line, checked: line.count - 1) { return }
        out.append(name(index))
        out.append(UInt8(ascii: ":"))
        CanonicalHeaders.appendNormalizedValue(value(index), to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// Appends `name:value\n` for one lowercase `name`: the values of every field with that name
    /// in arrival order, trimmed, inner whitespace runs collapsed, joined with `,`. Returns `false`
    /// when there is no such field (the line is still written, with an empty value).
    @discardableResult
    func appendCanonicalHeader(named name: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) -> Bool {
        // The usual case: one field of that name (its stored line is often the canonical one).
        if let first = firstIndex(named: name), firstIndex(named: name, from: first + 1) == nil {
            appendCanonicalHeader(field: first, to: &out)
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
