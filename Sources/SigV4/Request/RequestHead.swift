import GatehouseCrypto

/// A view of a request's method, target and header fields — the bytes of its
/// ``RequestStorage``, every field name lowercased — for the signer's and the verifier's byte
/// work.
///
/// A view, not a copy: it holds pointers into the request's block, and exists only inside the
/// closure that lends them (``RequestStorage/withHead(_:)``, ``SigV4Request/withHead(_:)``): its
/// only initializer is called there, and it is `~Copyable` and lent `borrowing`, so it cannot be
/// returned, stored or captured past that closure. The block is alive for the whole closure
/// (`ManagedBuffer.withUnsafeMutablePointers` keeps it so), and nothing writes it meanwhile: a
/// request writes its block in place only when it holds the only reference, through a `mutating`
/// method, which cannot run while the request is borrowed for the closure.
///
/// Field `i` is the request's header line `i`.
///
/// `@safe`: its pointers are valid wherever a head can exist (see above); reading through them
/// is unsafe by their types and marked where it happens. The buffers its methods return are
/// valid inside the same closure only.
@safe struct RequestHead: ~Copyable {
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

    /// The view of a block's text and field table, lent by ``RequestStorage/withHead(_:)``.
    @inline(__always)
    fileprivate init(
        layout: RequestStorage.Layout,
        table: UnsafeMutablePointer<Field>,
        text: UnsafeMutablePointer<UInt8>
    ) {
        unsafe bytes = unsafe UnsafeBufferPointer(start: text, count: layout.byteCount)
        unsafe fields = unsafe UnsafeBufferPointer(start: table, count: layout.fieldCount)
        method = layout.method
        path = layout.path
        query = layout.query
        textCount = layout.textCount
    }

    // MARK: Reading

    var methodBytes: UnsafeBufferPointer<UInt8> { unsafe UnsafeBufferPointer(rebasing: bytes[method]) }
    var pathBytes: UnsafeBufferPointer<UInt8> { unsafe UnsafeBufferPointer(rebasing: bytes[path]) }
    var queryBytes: UnsafeBufferPointer<UInt8> { unsafe UnsafeBufferPointer(rebasing: bytes[query]) }

    /// Field `index`'s name, lowercased.
    @inline(__always)
    func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = unsafe fields[index]
        return unsafe UnsafeBufferPointer(rebasing: bytes[field.nameStart..<field.nameEnd])
    }

    /// Field `index`'s value as received.
    @inline(__always)
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = unsafe fields[index]
        return unsafe UnsafeBufferPointer(rebasing: bytes[field.valueStart..<field.valueEnd])
    }

    /// `true` when field `index` is named `name` (a lowercase name).
    @inline(__always)
    func field(_ index: Int, isNamed name: UnsafeBufferPointer<UInt8>) -> Bool {
        let field = unsafe fields[index]
        guard field.nameEnd - field.nameStart == name.count else { return false }
        guard let base = unsafe bytes.baseAddress, let other = name.baseAddress else { return true }
        return unsafe ByteCopy.equal(base + field.nameStart, other, name.count)
    }

    /// The first field at or after `start` named `name` (lowercase), if any.
    @inline(__always)
    func firstIndex(named name: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        var index = start
        while unsafe index < fields.count {
            if unsafe field(index, isNamed: name) { return index }
            index += 1
        }
        return nil
    }

    /// The first field named by the lowercase `literal`, if any.
    @inline(__always)
    func firstIndex(named literal: StaticString) -> Int? {
        unsafe firstIndex(named: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The first value of the field named by the lowercase `literal`, as a `String`.
    func firstValue(named literal: StaticString) -> String? {
        guard let index = firstIndex(named: literal) else { return nil }
        return unsafe String(decoding: value(index), as: UTF8.self)
    }

    /// Appends the canonical line of field `index`, the only field of its name: its stored
    /// `name:value\n` when the value has no space or control byte, else trimmed and folded.
    @inline(__always)
    func appendCanonicalHeader(field index: Int, to out: inout ByteWriter) {
        // The stored line, checked from the name to the value's end and copied in the same pass.
        // (A name is a token on the wire; one with such a byte only takes the path below, which
        // writes it the same.)
        let field = unsafe fields[index]
        let line = unsafe UnsafeBufferPointer(rebasing: bytes[field.nameStart..<(field.valueEnd + 1)])
        if unsafe out.appendIfNoSpaceOrControl(line, checked: line.count - 1) { return }
        unsafe out.append(name(index))
        out.append(UInt8(ascii: ":"))
        unsafe CanonicalHeaders.appendNormalizedValue(value(index), to: &out)
        out.append(UInt8(ascii: "\n"))
    }

    /// Appends `name:value\n` for one lowercase `name`: the values of every field with that name
    /// in arrival order, trimmed, inner whitespace runs collapsed, joined with `,`. Returns `false`
    /// when there is no such field (the line is still written, with an empty value).
    @discardableResult
    func appendCanonicalHeader(named name: UnsafeBufferPointer<UInt8>, to out: inout ByteWriter) -> Bool {
        // The usual case: one field of that name (its stored line is often the canonical one).
        if let first = unsafe firstIndex(named: name), unsafe firstIndex(named: name, from: first + 1) == nil {
            appendCanonicalHeader(field: first, to: &out)
            return true
        }
        unsafe out.append(name)
        out.append(UInt8(ascii: ":"))
        var found = false
        for index in unsafe 0..<fields.count where unsafe field(index, isNamed: name) {
            if found { out.append(UInt8(ascii: ",")) }
            found = true
            unsafe CanonicalHeaders.appendNormalizedValue(value(index), to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        return found
    }
}

extension RequestStorage {
    /// Lends `body` the view of this block: its pointers are used only inside `body`, while this
    /// object is alive.
    @inline(__always)
    func withHead<R, E: Error>(_ body: (borrowing RequestHead) throws(E) -> R) throws(E) -> R {
        try unsafe withUnsafeMutablePointers { (header, table) throws(E) -> R in
            let layout = unsafe header.pointee
            // The text follows the table's `fieldCapacity` fields (see ``RequestStorage``).
            let text = unsafe UnsafeMutableRawPointer(table + layout.fieldCapacity)
                .bindMemory(to: UInt8.self, capacity: layout.byteCapacity)
            return try unsafe body(RequestHead(layout: layout, table: table, text: text))
        }
    }
}

extension SigV4Request {
    /// Lends `body` the view of this request's bytes (see ``RequestHead``).
    @inline(__always)
    func withHead<R, E: Error>(_ body: (borrowing RequestHead) throws(E) -> R) throws(E) -> R {
        try storage.withHead(body)
    }
}
