import GatehouseCrypto
public import HTTPTypes

extension SigV4Request {
    /// A request from swift-http-types' currency type, as Hummingbird and the gateway hold it.
    ///
    /// The path and query come from the `:path` pseudo-header exactly as received; field names keep
    /// their received case and repeats. swift-http-types keeps the host only in `:authority` (an
    /// HTTP/1.1 `Host` field is moved there), so `Host` is added back from it: SigV4 always signs it.
    ///
    /// The fields are copied straight into the request's bytes (sized first, one block), with no
    /// intermediate array of strings: a gateway does this once per request. Values are taken as
    /// the bytes received (`withUnsafeBytesOfValue`), which are what the client signed; `value`
    /// would decode them into a new `String` per read.
    public init(_ request: HTTPRequest, body: [UInt8] = []) {
        let method = request.method.rawValue
        let target = request.path ?? "/"
        let authority = request.authority
        var fields = request.headerFields.count
        // One more byte than the target: an empty path is written as `/`.
        var bytes = method.utf8.count + target.utf8.count + 1
        if let authority {
            fields += 1
            bytes += RequestStorage.fieldBytes(name: 4, value: authority.utf8.count)
        }
        for field in request.headerFields {
            let valueCount = unsafe field.withUnsafeBytesOfValue { $0.count }
            bytes += RequestStorage.fieldBytes(name: field.name.rawName.utf8.count, value: valueCount)
        }
        let storage = RequestStorage.make(fields: fields, bytes: bytes)
        unsafe method.withUTF8Bytes { method in
            unsafe target.withUTF8Bytes { target in
                let mark = unsafe ByteSearch.firstIndex(of: UInt8(ascii: "?"), in: target, from: 0, to: target.count)
                let path = unsafe UnsafeBufferPointer(rebasing: target[..<mark])
                let query =
                    unsafe mark < target.count
                    ? UnsafeBufferPointer(rebasing: target[(mark + 1)...])
                    : UnsafeBufferPointer(rebasing: target[mark...])
                let slash: StaticString = "/"
                unsafe storage.setRequestLine(
                    method: method,
                    path: path.isEmpty ? UnsafeBufferPointer(start: slash.utf8Start, count: 1) : path,
                    query: query
                )
            }
        }
        if let authority {
            let host: StaticString = "Host"
            unsafe authority.withUTF8Bytes {
                unsafe storage.appendField(name: UnsafeBufferPointer(start: host.utf8Start, count: 4), value: $0)
            }
        }
        for field in request.headerFields {
            unsafe field.name.rawName.withUTF8Bytes { name in
                unsafe field.withUnsafeBytesOfValue { value in unsafe storage.appendField(name: name, value: value) }
            }
        }
        self.init(storage: storage, payload: .bytes(body))
    }
}
