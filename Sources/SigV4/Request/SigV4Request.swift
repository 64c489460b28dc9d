public import GatehouseCrypto

/// An HTTP request as SigV4 sees it: the method, the path and query exactly as on the wire, the
/// header lines in arrival order (repeats kept) and the payload.
///
/// Nothing here is decoded or normalized: canonicalization works from these bytes, so the
/// signer and the verifier see precisely what the client sent.
///
/// `@unchecked Sendable`: the method, target and fields live in a ``RequestStorage`` block,
/// written only through this value while it holds the block's only reference (copy on write);
/// everything else is `Sendable`.
public struct SigV4Request: @unchecked Sendable {
    /// One header line. Names keep their case; canonicalization lowercases them.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What the payload-hash line is computed from.
    public enum Payload: Sendable {
        /// The body bytes; hashed with SHA-256.
        case bytes([UInt8])
        /// The body's SHA-256, already known (a streamed or stored body).
        case digest(SHA256Digest)
    }

    /// The method, path, query and header fields, as bytes (see ``RequestStorage``).
    var storage: RequestStorage
    /// The payload.
    public var payload: Payload

    public init(method: String, path: String, query: String = "", headers: [Header] = [], body: [UInt8] = []) {
        self.storage = RequestStorage.make(
            method: method,
            path: path.isEmpty ? "/" : path,
            query: query,
            headers: headers
        )
        self.payload = .bytes(body)
    }

    /// A request over bytes already laid out.
    init(storage: RequestStorage, payload: Payload) {
        self.storage = storage
        self.payload = payload
    }

    /// Splits a request target (`/path?query`) at the first `?`.
    public init(method: String, target: String, headers: [Header] = [], body: [UInt8] = []) {
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            let path = String(target[..<mark])
            let query = String(target[target.index(after: mark)...])
            self.init(method: method, path: path, query: query, headers: headers, body: body)
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }

    /// The method, as sent (`GET`, `POST`, …).
    public var method: String {
        get { storage.string(storage.layout.method) }
        set { unsafe newValue.withUTF8Bytes { bytes in storage = unsafe storage.copy(method: bytes) } }
    }

    /// The path as on the wire (percent-encoded as the client sent it), without the query.
    public var path: String {
        get { storage.string(storage.layout.path) }
        set {
            unsafe (newValue.isEmpty ? "/" : newValue).withUTF8Bytes { bytes in
                storage = unsafe storage.copy(path: bytes)
            }
        }
    }

    /// The raw query after `?`, or empty.
    public var query: String {
        get { storage.string(storage.layout.query) }
        set { unsafe newValue.withUTF8Bytes { bytes in storage = unsafe storage.copy(query: bytes) } }
    }

    /// Header lines in arrival order, names as sent. Made from the request's bytes on each read
    /// (the signer and verifier never read it); ``appendHeader(_:_:)`` adds one without
    /// rebuilding the rest.
    public var headers: [Header] {
        get {
            let storage = self.storage
            return (0..<storage.layout.fieldCount).map { Header(storage.originalName($0), storage.value($0)) }
        }
        set {
            let layout = storage.layout
            storage = RequestStorage.make(
                method: storage.string(layout.method),
                path: storage.string(layout.path),
                query: storage.string(layout.query),
                headers: newValue
            )
        }
    }

    /// How many header lines the request has.
    public var headerCount: Int { storage.layout.fieldCount }

    /// Appends the header line `name: value`.
    public mutating func appendHeader(_ name: String, _ value: String) {
        unsafe name.withUTF8Bytes { name in
            unsafe value.withUTF8Bytes { value in unsafe appendHeader(name: name, value: value) }
        }
    }

    /// Appends a header line from bytes; copies the block first when it is shared or full.
    mutating func appendHeader(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let bytes = RequestStorage.fieldBytes(name: name.count, value: value.count)
        if !isKnownUniquelyReferenced(&storage) || !storage.hasRoom(fields: 1, bytes: bytes) {
            let layout = storage.layout
            storage = storage.copy(extraFields: max(4, layout.fieldCount), extraBytes: max(bytes, layout.byteCount))
        }
        unsafe storage.appendField(name: name, value: value)
    }

    /// Makes room for `fields` more header lines of `bytes` more bytes, so that appending them
    /// copies nothing (the signer adds its fields this way: one copy of the caller's block).
    mutating func reserveHeaderCapacity(fields: Int, bytes: Int) {
        if !isKnownUniquelyReferenced(&storage) || !storage.hasRoom(fields: fields, bytes: bytes) {
            storage = storage.copy(extraFields: fields, extraBytes: bytes)
        }
    }

    /// The request target: path, plus `?query` when there is one.
    public var target: String {
        let query = self.query
        return query.isEmpty ? path : path + "?" + query
    }

    /// The body bytes, when the payload holds them.
    public var body: [UInt8] {
        if case .bytes(let bytes) = payload { return bytes }
        return []
    }

    /// The hex SHA-256 of the payload.
    public var payloadSHA256Hex: String {
        switch payload {
        case .bytes(let bytes): return bytes.isEmpty ? SHA256.emptyDigestHex : SHA256.hash(bytes).hex
        case .digest(let digest): return digest.hex
        }
    }

    /// The values of every header named `name` (ASCII case-insensitive), in order.
    public func values(of name: String) -> [String] {
        let lowered = name.lowercasedASCII
        return withHead { head in
            unsafe lowered.withUTF8Bytes { lowered in
                var found: [String] = []
                var index = unsafe head.firstIndex(named: lowered)
                while let match = index {
                    found.append(storage.value(match))
                    index = unsafe head.firstIndex(named: lowered, from: match + 1)
                }
                return found
            }
        }
    }

    /// The first value of the header named `name`, if any.
    public func firstValue(of name: String) -> String? {
        let index = withHead { head in
            unsafe name.lowercasedASCII.withUTF8Bytes { unsafe head.firstIndex(named: $0) }
        }
        return index.map { storage.value($0) }
    }

    /// Removes every header named `name`.
    public mutating func removeHeaders(named name: String) {
        // Looked for first: a signer clears headers it is about to set, and they are rarely
        // there.
        let lowered = name.lowercasedASCII
        let kept: RequestStorage? = withHead { head in
            unsafe lowered.withUTF8Bytes { lowered in
                guard unsafe head.firstIndex(named: lowered) != nil else { return nil }
                return unsafe storage.copy { unsafe !head.field($0, isNamed: lowered) }
            }
        }
        if let kept { storage = kept }
    }
}

extension String {
    /// ASCII letters lowercased, everything else kept (header names compare this way).
    var lowercasedASCII: String {
        var bytes = Array(utf8)
        for index in bytes.indices { bytes[index] = ByteText.lower(bytes[index]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SigV4Request: CustomStringConvertible {
    /// The request line and header names; header values of credentials are redacted.
    public var description: String {
        var lines = ["\(method) \(Redaction.redactingQuerySecrets(in: target))"]
        for header in headers {
            lines.append("\(header.name): \(Redaction.redactedValue(name: header.name, value: header.value))")
        }
        return lines.joined(separator: "\n")
    }
}
