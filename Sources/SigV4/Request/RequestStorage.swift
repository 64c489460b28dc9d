import GatehouseCrypto

/// The bytes behind a ``SigV4Request``: its method, path, query and header fields in one block,
/// every field stored as its name as sent followed by `name:value\n` with the name lowercased.
///
/// The signer and the verifier work on bytes, with lowercase names. When a request held a dozen
/// `String`s, each of them copied those strings into such a layout per signature (a `malloc`, and
/// a representation check and a retain per string read), and the signer also copied the header
/// array to add its fields (a retain per string again). Holding the request in that layout from
/// the start makes reading it free — ``RequestHead`` is a view of this block — and adding the
/// `X-Amz-Date` and `Authorization` fields an append of bytes into one copy of the block, made
/// once per signed request. The `lname:value\n` form is a canonical header line already: a field
/// sent once with a clean value is copied into the canonical request in one piece.
///
/// Copy on write: ``SigV4Request`` mutates a block only when it holds the only reference (after
/// `isKnownUniquelyReferenced`), and makes a new one otherwise, so a block is never written while
/// another request can read it. That is what makes ``SigV4Request``'s `@unchecked Sendable` sound
/// (a `ManagedBuffer` is never `Sendable`).
///
/// The block: the field table (``RequestHead/Field`` × ``Layout/fieldCapacity``), then the bytes.
/// The elements are typed as fields, so the table is aligned by its type; the text after it is
/// bound to `UInt8`. Every write checks the capacity (a precondition: a wrong size computed by a
/// caller stops the process instead of writing past the block).
final class RequestStorage: ManagedBuffer<RequestStorage.Layout, RequestHead.Field> {
    struct Layout {
        var method: Range<Int> = 0..<0
        var path: Range<Int> = 0..<0
        var query: Range<Int> = 0..<0
        var fieldCount = 0
        var fieldCapacity = 0
        var byteCount = 0
        var byteCapacity = 0
        /// The method, path, query, names and values added up once each (the limit a verifier's
        /// `maxHeaderBytes` applies to; the block also holds each name twice and `:`, `\n`).
        var textCount = 0
    }

    typealias Field = RequestHead.Field

    /// An empty block with room for `fields` fields and `bytes` bytes.
    static func make(fields: Int, bytes: Int) -> RequestStorage {
        let layout = Layout(fieldCapacity: fields, byteCapacity: bytes)
        let stride = MemoryLayout<Field>.stride
        let buffer = create(minimumCapacity: max(fields + (bytes + stride - 1) / stride, 1)) { _ in layout }
        return unsafe unsafeDowncast(buffer, to: RequestStorage.self)
    }

    /// The header, read through its pointer: `header` is a stored class property, and each
    /// access to it would be a dynamic exclusivity check.
    var layout: Layout {
        @inline(__always) get { unsafe withUnsafeMutablePointerToHeader { unsafe $0.pointee } }
        @inline(__always) set { unsafe withUnsafeMutablePointerToHeader { unsafe $0.pointee = newValue } }
    }

    /// Lends `body` the header, the field table (the elements) and the first byte of the text
    /// (after ``Layout/fieldCapacity`` fields): the pointers are valid only inside `body`.
    @inline(__always)
    func withBlock<R>(
        _ body: (UnsafeMutablePointer<Layout>, UnsafeMutablePointer<Field>, UnsafeMutablePointer<UInt8>) -> R
    ) -> R {
        unsafe withUnsafeMutablePointers { layout, table in
            let text = unsafe UnsafeMutableRawPointer(table + layout.pointee.fieldCapacity)
                .bindMemory(to: UInt8.self, capacity: layout.pointee.byteCapacity)
            return unsafe body(layout, table, text)
        }
    }

    /// The bytes at `range`, as a `String`.
    func string(_ range: Range<Int>) -> String {
        unsafe withBlock { _, _, text in
            unsafe String(
                decoding: UnsafeBufferPointer(start: text + range.lowerBound, count: range.count),
                as: UTF8.self
            )
        }
    }

    /// Field `index`'s name as it was sent.
    func originalName(_ index: Int) -> String {
        let field = unsafe withBlock { _, table, _ in unsafe table[index] }
        return string(field.originalStart..<(field.originalStart + field.nameEnd - field.nameStart))
    }

    /// Field `index`'s value.
    func value(_ index: Int) -> String {
        let field = unsafe withBlock { _, table, _ in unsafe table[index] }
        return string(field.valueStart..<field.valueEnd)
    }

    // MARK: Writing

    /// Appends `bytes` to the text and returns where they landed. The caller made room (checked).
    @inline(__always)
    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        unsafe withBlock { header, _, text in
            var layout = unsafe header.pointee
            let start = layout.byteCount
            precondition(bytes.count <= layout.byteCapacity - start, "request block overrun")
            if let base = bytes.baseAddress, bytes.count > 0 { unsafe ByteCopy.copy(text + start, base, bytes.count) }
            layout.byteCount += bytes.count
            unsafe header.pointee = layout
            return start..<(start + bytes.count)
        }
    }

    /// Appends one field: the name as sent, then `lname:value\n`. The caller made room
    /// (``fieldBytes(name:value:)`` bytes and one table entry). The layout is read and written
    /// once: this runs for every field of every request built or copied.
    @inline(__always)
    func appendField(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        unsafe withBlock { header, table, text in
            var layout = unsafe header.pointee
            let original = layout.byteCount
            let lowered = original + name.count
            let valueStart = lowered + name.count + 1
            precondition(
                layout.fieldCount < layout.fieldCapacity
                    && Self.fieldBytes(name: name.count, value: value.count) <= layout.byteCapacity - original,
                "request block overrun"
            )
            if let base = name.baseAddress, name.count > 0 {
                unsafe ByteCopy.copy(text + original, base, name.count)
                // Branch-free, so the loop vectorizes: 0x20 is or-ed into exactly the bytes A–Z.
                for index in 0..<name.count {
                    let byte = unsafe base[index]
                    unsafe text[lowered + index] = byte | (byte &- UInt8(ascii: "A") < 26 ? 0x20 : 0)
                }
            }
            unsafe text[valueStart - 1] = UInt8(ascii: ":")
            if let base = value.baseAddress, value.count > 0 {
                unsafe ByteCopy.copy(text + valueStart, base, value.count)
            }
            unsafe text[valueStart + value.count] = UInt8(ascii: "\n")
            unsafe (table + layout.fieldCount).initialize(
                to: Field(
                    originalStart: original,
                    nameStart: lowered,
                    nameEnd: lowered + name.count,
                    valueStart: valueStart,
                    valueEnd: valueStart + value.count
                )
            )
            layout.byteCount = valueStart + value.count + 1
            layout.fieldCount += 1
            layout.textCount += name.count + value.count
            unsafe header.pointee = layout
        }
    }

    /// The bytes one field takes in the block: the name as sent, the lowercased name, `:`, the
    /// value and `\n`.
    @inline(__always)
    static func fieldBytes(name: Int, value: Int) -> Int { 2 * name + value + 2 }

    /// `true` when one more field of `bytes` block bytes fits.
    @inline(__always)
    func hasRoom(fields: Int, bytes: Int) -> Bool {
        let layout = self.layout
        return layout.fieldCount + fields <= layout.fieldCapacity && layout.byteCount + bytes <= layout.byteCapacity
    }

    /// A new block with the same contents and room for `extraFields` fields and `extraBytes`
    /// bytes more: the table and the text copied whole (every offset stays what it was).
    func copy(extraFields: Int, extraBytes: Int) -> RequestStorage {
        var layout = self.layout
        let storage = RequestStorage.make(
            fields: layout.fieldCount + extraFields,
            bytes: layout.byteCount + extraBytes
        )
        precondition(
            layout.fieldCount <= storage.layout.fieldCapacity && layout.byteCount <= storage.layout.byteCapacity,
            "request block overrun"
        )
        unsafe withBlock { _, table, text in
            unsafe storage.withBlock { _, newTable, newText in
                unsafe newTable.initialize(from: table, count: layout.fieldCount)
                if layout.byteCount > 0 { unsafe ByteCopy.copy(newText, text, layout.byteCount) }
            }
        }
        layout.fieldCapacity = layout.fieldCount + extraFields
        layout.byteCapacity = layout.byteCount + extraBytes
        storage.layout = layout
        return storage
    }

    /// A new block with this one's method, path and query (or the replacements given) and the
    /// fields `keep` accepts, written again one by one.
    func copy(
        method newMethod: UnsafeBufferPointer<UInt8>? = nil,
        path newPath: UnsafeBufferPointer<UInt8>? = nil,
        query newQuery: UnsafeBufferPointer<UInt8>? = nil,
        keep: (Int) -> Bool = { _ in true }
    ) -> RequestStorage {
        let old = layout
        return unsafe withBlock { _, table, text in
            func part(_ replacement: UnsafeBufferPointer<UInt8>?, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
                unsafe replacement ?? UnsafeBufferPointer(start: text + range.lowerBound, count: range.count)
            }
            let method = unsafe part(newMethod, old.method)
            let path = unsafe part(newPath, old.path)
            let query = unsafe part(newQuery, old.query)
            let fieldBytes = old.byteCount - old.method.count - old.path.count - old.query.count
            let storage = RequestStorage.make(
                fields: old.fieldCount,
                bytes: method.count + path.count + query.count + fieldBytes
            )
            unsafe storage.setRequestLine(method: method, path: path, query: query)
            for index in 0..<old.fieldCount where keep(index) {
                let field = unsafe table[index]
                unsafe storage.appendField(
                    name: UnsafeBufferPointer(
                        start: text + field.originalStart,
                        count: field.nameEnd - field.nameStart
                    ),
                    value: UnsafeBufferPointer(start: text + field.valueStart, count: field.valueEnd - field.valueStart)
                )
            }
            return storage
        }
    }

    /// Writes the method, path and query into an empty block.
    func setRequestLine(
        method: UnsafeBufferPointer<UInt8>,
        path: UnsafeBufferPointer<UInt8>,
        query: UnsafeBufferPointer<UInt8>
    ) {
        let methodRange = unsafe appendText(method)
        let pathRange = unsafe appendText(path)
        let queryRange = unsafe appendText(query)
        var layout = self.layout
        layout.method = methodRange
        layout.path = pathRange
        layout.query = queryRange
        layout.textCount += method.count + path.count + query.count
        self.layout = layout
    }

    /// A block holding `method`, `path`, `query` and `headers`, with room for `extraFields`
    /// fields and `extraBytes` bytes more.
    static func make(
        method: String,
        path: String,
        query: String,
        headers: [SigV4Request.Header],
        extraFields: Int = 0,
        extraBytes: Int = 0
    ) -> RequestStorage {
        var bytes = method.utf8.count + path.utf8.count + query.utf8.count + extraBytes
        for header in headers { bytes += fieldBytes(name: header.name.utf8.count, value: header.value.utf8.count) }
        let storage = make(fields: headers.count + extraFields, bytes: bytes)
        unsafe method.withUTF8Bytes { method in
            unsafe path.withUTF8Bytes { path in
                unsafe query.withUTF8Bytes { query in
                    unsafe storage.setRequestLine(method: method, path: path, query: query)
                }
            }
        }
        for header in headers {
            unsafe header.name.withUTF8Bytes { name in
                unsafe header.value.withUTF8Bytes { value in unsafe storage.appendField(name: name, value: value) }
            }
        }
        return storage
    }
}
