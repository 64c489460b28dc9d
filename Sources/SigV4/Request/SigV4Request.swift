public import GatehouseCrypto

/// An HTTP request as SigV4 sees it: the method, the path and query exactly as on the wire, the
/// header lines in arrival order (repeats kept) and the payload.
///
/// Nothing here is decoded or normalized: canonicalization works from these bytes, so the
/// signer and the verifier see precisely what the client sent.
public struct SigV4Request: Sendable {
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

    /// The method, as sent (`GET`, `POST`, …).
    public var method: String
    /// The path as on the wire (percent-encoded as the client sent it), without the query.
    public var path: String
    /// The raw query after `?`, or empty.
    public var query: String
    /// Header lines in arrival order.
    public var headers: [Header]
    /// The payload.
    public var payload: Payload

    public init(method: String, path: String, query: String = "", headers: [Header] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.payload = .bytes(body)
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

    /// The request target: path, plus `?query` when there is one.
    public var target: String { query.isEmpty ? path : path + "?" + query }

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
        var found: [String] = []
        for header in headers where header.name.equalsIgnoringASCIICase(name) { found.append(header.value) }
        return found
    }

    /// The first value of the header named `name`, if any.
    public func firstValue(of name: String) -> String? {
        headers.withUnsafeBufferPointer { headers in
            for index in headers.indices where headers[index].name.equalsIgnoringASCIICase(name) {
                return headers[index].value
            }
            return nil
        }
    }

    /// Removes every header named `name`.
    public mutating func removeHeaders(named name: String) {
        // Looked for first: a signer clears headers it is about to set, and they are rarely
        // there; `removeAll` would still partition and reallocate the array.
        guard headers.contains(where: { $0.name.equalsIgnoringASCIICase(name) }) else { return }
        headers.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }
}

extension SigV4Request: CustomStringConvertible {
    /// The request line and header names; header values of credentials are redacted.
    public var description: String {
        var lines = ["\(method) \(target)"]
        for header in headers {
            lines.append("\(header.name): \(Redaction.redactedValue(name: header.name, value: header.value))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Which header values never print.
public enum Redaction {
    /// Header names whose values are secrets.
    public static let secretHeaders: Set<String> = [
        "authorization", "x-amz-security-token", "x-api-key", "cookie", "proxy-authorization",
    ]

    /// `value`, or a redacted form when `name` carries a secret. An `Authorization` value keeps
    /// only its algorithm (useful when debugging); credential, scope and signature are hidden.
    public static func redactedValue(name: String, value: String) -> String {
        let lower = name.lowercased()
        guard secretHeaders.contains(lower) else { return value }
        if lower == "authorization", let space = value.firstIndex(of: " ") {
            return String(value[..<space]) + " <redacted>"
        }
        return "<redacted>"
    }
}
