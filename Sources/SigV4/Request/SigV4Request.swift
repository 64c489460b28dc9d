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
            unsafe (newValue.isEmpty ? "/" : newValue).withUTF8Bytes { bytes in storage = unsafe storage.copy(path: bytes) }
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
        unsafe name.withUTF8Bytes { name in unsafe value.withUTF8Bytes { value in unsafe appendHeader(name: name, value: value) } }
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
        let head = RequestHead(self)
        let lowered = name.lowercasedASCII
        return unsafe lowered.withUTF8Bytes { lowered in
            var found: [String] = []
            var index = unsafe head.firstIndex(named: lowered)
            while let match = index {
                found.append(storage.value(match))
                index = unsafe head.firstIndex(named: lowered, from: match + 1)
            }
            return found
        }
    }

    /// The first value of the header named `name`, if any.
    public func firstValue(of name: String) -> String? {
        let head = RequestHead(self)
        return unsafe name.lowercasedASCII.withUTF8Bytes { unsafe head.firstIndex(named: $0) }.map { storage.value($0) }
    }

    /// Removes every header named `name`.
    public mutating func removeHeaders(named name: String) {
        let head = RequestHead(self)
        // Looked for first: a signer clears headers it is about to set, and they are rarely
        // there.
        let lowered = name.lowercasedASCII
        let found = unsafe lowered.withUTF8Bytes { unsafe head.firstIndex(named: $0) != nil }
        guard found else { return }
        storage = unsafe lowered.withUTF8Bytes { lowered in unsafe storage.copy { unsafe !head.field($0, isNamed: lowered) } }
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

/// Which header values never print.
public enum Redaction {
    /// Header names whose values are secrets.
    public static let secretHeaders: Set<String> = [
        "authorization", "x-amz-security-token", "x-api-key", "cookie", "proxy-authorization",
    ]

    /// `value`, or a redacted form when `name` carries a secret. An `Authorization` value keeps
    /// only its algorithm (useful when debugging); credential, scope and signature are hidden.
    /// Other values are printed with any presigned secrets in URLs they hold redacted
    /// (``redactingQuerySecrets(in:)``: a `Location` or `Referer` may carry a presigned URL).
    public static func redactedValue(name: String, value: String) -> String {
        let lower = name.lowercased()
        guard secretHeaders.contains(lower) else { return redactingQuerySecrets(in: value) }
        if lower == "authorization", let space = value.firstIndex(of: " ") {
            return String(value[..<space]) + " <redacted>"
        }
        return "<redacted>"
    }

    /// Query parameters whose values are secrets: a presigned URL's signature and session token
    /// (the access key id in `X-Amz-Credential` is not a secret).
    public static let secretQueryParameters: Set<String> = ["x-amz-signature", "x-amz-security-token"]

    /// `text` with the value of every query parameter in ``secretQueryParameters`` replaced by
    /// `<redacted>`, wherever a URL or query appears in it (a request target, a whole URL, an
    /// error message quoting one). Names are matched as a server might read them: percent-decoded
    /// (repeatedly, so `%2565` counts as `e`), in any letter case — `X-Amz-Signatur%65`,
    /// `x-amz-security-token` and `X-AMZ-SIGNATURE` are all caught. The name is kept as written.
    /// A presigned URL carried percent-encoded inside another URL's query (a login redirect's
    /// `?return_to=https%3A%2F%2F…%3FX-Amz-Signature%3D…`, encoded once or more) is read too: an
    /// escaped `?` or `&` starts a name, an escaped `=` ends it, and its value ends at the next
    /// escaped `&`.
    public static func redactingQuerySecrets(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "=")) || bytes.contains(UInt8(ascii: "%")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var atKeyStart = true
        // Whether the current name started after an escaped `?` or `&`: inside a URL carried,
        // percent-encoded, in another URL's query (`?return_to=https%3A…%3FX-Amz-Signature%3D…`).
        var nested = false
        while index < bytes.count {
            if atKeyStart, let (nameEnd, valueStart) = nameEnd(bytes, from: index), nameEnd > index,
                isSecretName(bytes[index..<nameEnd])
            {
                out += bytes[index..<valueStart]
                out += Array("<redacted>".utf8)
                var valueEnd = valueStart
                while valueEnd < bytes.count && !isValueStop(bytes[valueEnd])
                    && !(nested && escaped(bytes, at: valueEnd, [UInt8(ascii: "&")]) != nil)
                {
                    valueEnd += 1
                }
                index = valueEnd
                atKeyStart = false
                continue
            }
            if let length = escaped(bytes, at: index, [UInt8(ascii: "?"), UInt8(ascii: "&")]) {
                out += bytes[index..<(index + length)]
                index += length
                atKeyStart = true
                nested = true
                continue
            }
            let byte = bytes[index]
            out.append(byte)
            index += 1
            atKeyStart = isKeyBoundary(byte)
            if atKeyStart { nested = false }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where a parameter name starting at `start` ends and its value starts: at `=`, or at an
    /// escaped `=` (`%3D`, `%253D`, …) in a nested URL; `nil` when a stop or an escaped `?`/`&`
    /// comes first, or the name runs past any spelling of a secret name.
    private static func nameEnd(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var end = start
        while end < bytes.count && end - start <= 256 {
            let byte = bytes[end]
            if byte == UInt8(ascii: "=") { return (end, end + 1) }
            if byte == UInt8(ascii: "%") {
                if let length = escaped(bytes, at: end, [UInt8(ascii: "=")]) { return (end, end + length) }
                if escaped(bytes, at: end, [UInt8(ascii: "?"), UInt8(ascii: "&")]) != nil { return nil }
            }
            if isKeyStop(byte) { return nil }
            end += 1
        }
        return nil
    }

    /// The length of `%XX` at `index` when it spells one of `targets`, percent-encoded once or
    /// more (`%26`, `%2526`, `%252526`; either hex case); `nil` otherwise.
    private static func escaped(_ bytes: [UInt8], at index: Int, _ targets: [UInt8]) -> Int? {
        guard bytes[index] == UInt8(ascii: "%") else { return nil }
        var digits = index + 1
        while digits + 1 < bytes.count, let high = PercentEncoding.hexValue(bytes[digits]),
            let low = PercentEncoding.hexValue(bytes[digits + 1])
        {
            let value = high << 4 | low
            if targets.contains(value) { return digits + 2 - index }
            guard value == UInt8(ascii: "%") else { return nil }
            digits += 2
        }
        return nil
    }

    /// A byte after which a query parameter name may start.
    private static func isKeyBoundary(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"),
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"),
            UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "`"):
            return true
        default: return false
        }
    }

    /// A byte that ends a parameter name.
    private static func isKeyStop(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || isValueStop(byte)
    }

    /// A byte that ends a parameter value.
    private static func isValueStop(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "`"), UInt8(ascii: ","):
            return true
        default: return false
        }
    }

    /// `true` when `name` — a query parameter's name as written or already decoded — is one of
    /// ``secretQueryParameters`` in any spelling ``redactingQuerySecrets(in:)`` catches, for
    /// output that shows a query as a map of names to values rather than as text.
    public static func isSecretQueryParameterName(_ name: some StringProtocol) -> Bool {
        isSecretName(ArraySlice(name.utf8))
    }

    /// `true` when `name`, percent-decoded until it no longer changes and lowercased, is a
    /// secret parameter's name. A malformed escape is kept as written.
    private static func isSecretName(_ name: ArraySlice<UInt8>) -> Bool {
        var current = Array(name)
        for _ in 0..<4 {
            var decoded: [UInt8] = []
            var index = 0
            while index < current.count {
                if current[index] == UInt8(ascii: "%"), index + 2 < current.count,
                    let high = PercentEncoding.hexValue(current[index + 1]),
                    let low = PercentEncoding.hexValue(current[index + 2])
                {
                    decoded.append(high << 4 | low)
                    index += 3
                } else {
                    decoded.append(current[index])
                    index += 1
                }
            }
            if decoded == current { break }
            current = decoded
        }
        guard current.count <= 32 else { return false }
        return secretQueryParameters.contains(String(decoding: current.map(ByteText.lower), as: UTF8.self))
    }
}
