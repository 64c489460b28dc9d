import Authorizers
import Foundation
import GatehouseCore
import SigV4

/// Hides identity values (tokens) in `gatehouse authorizer test`'s report, two ways:
///
/// - **By position**: the fields that carry identity sources are replaced whole, whatever their
///   length or encoding — `authorizationToken`, `identitySource`, the source headers in `headers`
///   and `multiValueHeaders` (every repeated value), the source parameters in
///   `queryStringParameters`, `multiValueQueryStringParameters` and `rawQueryString` (as sent,
///   percent-encoded), the source stage variables, and the identity part of the cache key.
/// - **By value**, everywhere else (the function's response, the context, the principal, the
///   reason): a string that *is* a secret — raw, or percent-decoded — is replaced whole, at any
///   length; a secret of at least ``minimumSubstringBytes`` is also replaced *inside* text in each
///   encoding the output could hold it in: raw, JSON-escaped (minimal, with `\/`, with `\u`
///   escapes in either case), percent-encoded (upper- and lower-case hex, `+` or `%20` for a
///   space, every byte or only the reserved ones) and the cache key's spelling.
///
/// Shorter secrets are never searched for inside other text: a one-character token would
/// otherwise be cut out of every word (`a` from `arn:aws:…`). Values of `context.*` identity
/// sources (the stage, the source address) are request metadata, not secrets, and stay.
struct ReportRedaction {
    /// Below this many bytes a secret is replaced only where it is a whole value.
    static let minimumSubstringBytes = 8

    let headerNames: [String]
    let queryNames: [String]
    let stageVariableNames: [String]
    /// Every secret: the identity values, and each header or query value that makes one up (a
    /// repeated header's values are joined with `,` into the identity value, and appear one by
    /// one in `multiValueHeaders`).
    let secrets: [String]

    init(sources: [IdentitySource], request: AuthorizerRequest?, identityValues: [String]) {
        var headerNames: [String] = []
        var queryNames: [String] = []
        var stageVariableNames: [String] = []
        var secrets: [String] = []
        for source in sources {
            switch source {
            case .header(let name): headerNames.append(name.lowercased())
            case .query(let name): queryNames.append(name)
            case .stageVariable(let name): stageVariableNames.append(name)
            case .context: break
            }
        }
        let contextValues = Set(
            zip(sources, identityValues).compactMap { source, value -> String? in
                if case .context = source { return value }
                return nil
            }
        )
        secrets += identityValues.filter { !contextValues.contains($0) }
        if let request {
            for (name, value) in request.headers where headerNames.contains(name.lowercased()) {
                secrets.append(value)
                // A bearer token without its scheme is the token the function sees.
                if value.lowercased().hasPrefix("bearer ") { secrets.append(String(value.dropFirst(7))) }
            }
            for (name, value) in (try? request.queryParameters) ?? [] where queryNames.contains(name) {
                secrets.append(value)
            }
            for pair in request.rawQueryString.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, queryNames.contains(Self.formDecoded(parts[0]) ?? String(parts[0])) {
                    secrets.append(String(parts[1]))
                }
            }
            for (name, value) in request.stageVariables where stageVariableNames.contains(name) {
                secrets.append(value)
            }
        }
        // Distinct by their exact bytes, found through a set (a linear search per secret was
        // quadratic in the identity values a request repeats).
        var unique: [String] = []
        var seen: Set<[UInt8]> = []
        for secret in secrets where !secret.isEmpty && seen.insert(Array(secret.utf8)).inserted {
            unique.append(secret)
        }
        // Longest first: a secret inside another is replaced after it.
        self.secrets = unique.sorted { $0.utf8.count > $1.utf8.count }
        secretBytes = seen
        self.headerNames = headerNames
        self.queryNames = queryNames
        self.stageVariableNames = stageVariableNames
        patterns = self.secrets.filter { $0.utf8.count >= Self.minimumSubstringBytes }.map { secret in
            (Self.encodings(of: secret).sorted { $0.utf8.count > $1.utf8.count }, Self.placeholder(secret))
        }
    }

    /// Every secret's bytes, to tell whether a whole value is one.
    private let secretBytes: Set<[UInt8]>

    /// For each long secret, its spellings and its placeholder.
    private let patterns: [(spellings: [String], placeholder: String)]

    static func placeholder(_ secret: String) -> String { "<redacted \(secret.utf8.count) bytes>" }

    /// The report with every secret hidden; `cacheKey` is rebuilt from `key` with the secret
    /// identity values replaced.
    func redact(_ report: [String: Any], key: AuthorizerResultCache.Key?) -> [String: Any] {
        var out: [String: Any] = [:]
        for (name, value) in report {
            switch name {
            case "cacheKey":
                out[name] = key.map(redactedKeyText) ?? (value is NSNull ? value : redactValue(value))
            case "event":
                out[name] = redactEvent(value)
            case "response":
                out[name] = (value as? String).map(redactResponse) ?? value
            default:
                out[name] = redactValue(value)
            }
        }
        return out
    }

    // MARK: by position

    private func redactEvent(_ value: Any) -> Any {
        guard var event = value as? [String: Any] else { return redactValue(value) }
        for (name, member) in event {
            switch name {
            case "authorizationToken":
                event[name] = redactWhole(member)
            case "identitySource":
                event[name] = (member as? [Any]).map { $0.map(redactWhole) } ?? redactWhole(member)
            case "headers", "multiValueHeaders":
                event[name] = redactMembers(member) { headerNames.contains($0.lowercased()) }
            case "queryStringParameters", "multiValueQueryStringParameters":
                // A presigned URL's signature and session token are secrets whoever sends them.
                event[name] = redactMembers(member) {
                    queryNames.contains($0) || Redaction.isSecretQueryParameterName($0)
                }
            case "stageVariables":
                event[name] = redactMembers(member) { stageVariableNames.contains($0) }
            case "rawQueryString":
                event[name] = (member as? String).map(redactRawQuery) ?? redactValue(member)
            default:
                event[name] = redactValue(member)
            }
        }
        return event
    }

    /// A whole field: a string (or each string of a list) replaced by its placeholder.
    private func redactWhole(_ value: Any) -> Any {
        switch value {
        case let text as String: return Self.placeholder(text)
        case let list as [Any]: return list.map(redactWhole)
        default: return redactValue(value)
        }
    }

    private func redactMembers(_ value: Any, where isSource: (String) -> Bool) -> Any {
        guard var object = value as? [String: Any] else { return redactValue(value) }
        for (name, member) in object {
            object[name] = isSource(name) ? redactWhole(member) : redactValue(member)
        }
        return object
    }

    /// `rawQueryString` as sent: each source parameter's value (percent-encoded) replaced.
    private func redactRawQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.formDecoded(parts[0]) ?? String(parts[0])
            guard parts.count == 2, queryNames.contains(name) else { return redactText(String(pair)) }
            return "\(parts[0])=" + Self.placeholder(Self.formDecoded(parts[1]) ?? String(parts[1]))
        }.joined(separator: "&")
    }

    /// The cache key's text (each part's byte length, `:` and its bytes) with secret identity
    /// values replaced by their placeholders, the others spelled as the key spells them.
    private func redactedKeyText(_ key: AuthorizerResultCache.Key) -> String {
        var text = ""
        for part in [key.authorizer, key.stage] { text += "\(part.utf8.count):" + Self.keySpelling(part) }
        for value in key.identityValues {
            let secret = secretBytes.contains(Array(value.utf8))
            text += "\(value.utf8.count):" + (secret ? Self.placeholder(value) : Self.keySpelling(value))
        }
        return text
    }

    // MARK: by value

    private func redactValue(_ value: Any) -> Any {
        switch value {
        case let text as String: return redactText(text)
        case let list as [Any]: return list.map(redactValue)
        case let object as [String: Any]: return object.mapValues(redactValue)
        default: return value
        }
    }

    /// A string: replaced whole when it is a secret (raw or percent-decoded), else each long
    /// secret's spellings replaced inside it — and, wherever it quotes a URL or a query (a
    /// redirect's `Location` in a reason, a function's error message, a `Referer` header, a
    /// parameter of `rawQueryString`), the values of presigned secrets (`X-Amz-Signature`,
    /// `X-Amz-Security-Token`, in every spelling `Redaction.redactingQuerySecrets` reads).
    private func redactText(_ original: String) -> String {
        if secretBytes.contains(Array(original.utf8)) { return Self.placeholder(original) }
        if let decoded = Self.formDecoded(original[...]), secretBytes.contains(Array(decoded.utf8)) {
            return Self.placeholder(decoded)
        }
        var text = Redaction.redactingQuerySecrets(in: original)
        for (spellings, placeholder) in patterns {
            for spelling in spellings where text.contains(spelling) {
                text = text.replacingOccurrences(of: spelling, with: placeholder)
            }
        }
        return text
    }

    /// The function's raw output: when it is JSON, redacted as a tree (whole values at any
    /// length) and written again; otherwise as text.
    private func redactResponse(_ response: String) -> String {
        guard let data = response.data(using: .utf8),
            let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return redactText(response) }
        let redacted = redactValue(tree)
        // Written by the Core writer in `JSONSerialization`'s bytes (sorted keys, `/` unescaped).
        guard
            let before = FoundationJSON.value(tree).map({
                JSONWriter.text($0, options: .foundationStyle(pretty: false))
            }),
            let after = FoundationJSON.value(redacted).map({
                JSONWriter.text($0, options: .foundationStyle(pretty: false))
            }),
            before != after
        else { return redactText(response) }
        // Something was a secret: the redacted tree, written again (then searched as text too).
        return redactText(after)
    }

    // MARK: spellings

    /// The ways `secret` can be written in the report's text.
    static func encodings(of secret: String) -> Set<String> {
        var out: Set<String> = [secret, keySpelling(secret)]
        for slash in [false, true] {
            for unicode in [false, true] {
                for upper in [false, true] {
                    out.insert(jsonEscaped(secret, slash: slash, unicode: unicode, upperHex: upper))
                }
            }
        }
        for upper in [false, true] {
            for plus in [false, true] {
                out.insert(percentEncoded(secret, everyByte: false, upper: upper, plus: plus))
                out.insert(percentEncoded(secret, everyByte: true, upper: upper, plus: plus))
                // A JSON-escaped secret, percent-encoded (and the reverse) — a token in a query
                // string that a function echoes in JSON.
                out.insert(
                    percentEncoded(
                        jsonEscaped(secret, slash: false, unicode: false, upperHex: upper),
                        everyByte: false,
                        upper: upper,
                        plus: plus
                    )
                )
                out.insert(
                    jsonEscaped(
                        percentEncoded(secret, everyByte: false, upper: upper, plus: plus),
                        slash: true,
                        unicode: false,
                        upperHex: upper
                    )
                )
            }
        }
        return out
    }

    static func jsonEscaped(_ text: String, slash: Bool, unicode: Bool, upperHex: Bool) -> String {
        var out = ""
        func hex4(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: upperHex)
            return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += slash ? "\\/" : "/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (unicode && scalar.value >= 0x7F) {
                    if scalar.value > 0xFFFF {
                        let value = scalar.value - 0x10000
                        out += hex4(0xD800 + (value >> 10)) + hex4(0xDC00 + (value & 0x3FF))
                    } else {
                        out += hex4(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func percentEncoded(_ text: String, everyByte: Bool, upper: Bool, plus: Bool) -> String {
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            let unreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~")
            if byte == 0x20 && plus {
                out.append(UInt8(ascii: "+"))
            } else if unreserved && !everyByte {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How the cache key spells a part: printable ASCII as is, `%`, control characters and
    /// non-ASCII bytes as `%XX`.
    static func keySpelling(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A query component decoded as API Gateway does; `nil` when it does not decode strictly.
    static func formDecoded(_ text: Substring) -> String? {
        try? AuthorizerRequest.decodeQueryComponent(text).get()
    }
}
