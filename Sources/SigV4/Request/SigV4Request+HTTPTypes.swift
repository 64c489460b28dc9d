public import HTTPTypes

extension SigV4Request {
    /// A request from swift-http-types' currency type, as Hummingbird and the gateway hold it.
    ///
    /// The path and query come from the `:path` pseudo-header exactly as received; field names keep
    /// their received case and repeats. swift-http-types keeps the host only in `:authority` (an
    /// HTTP/1.1 `Host` field is moved there), so `Host` is added back from it: SigV4 always signs it.
    public init(_ request: HTTPRequest, body: [UInt8] = []) {
        var headers: [Header] = []
        headers.reserveCapacity(request.headerFields.count + 1)
        if let authority = request.authority {
            headers.append(Header("Host", authority))
        }
        for field in request.headerFields {
            headers.append(Header(field.name.rawName, field.value))
        }
        self.init(method: request.method.rawValue, target: request.path ?? "/", headers: headers, body: body)
    }
}
