import Foundation
import GatehouseCore
import IAMPolicy
import SigV4

/// JSON-lines plumbing for the batch modes: one object in, one object out, in order.
enum JSONLines {
    /// The longest batch line read (an inline JWKS or a `body_base64` fits well below).
    static let maxLineBytes = 8 * 1024 * 1024

    /// One batch line as an object whose fields are read by exact type (``JSONObjectReader``):
    /// parsed strictly (duplicate keys, invalid UTF-8 and deep nesting are errors).
    static func object(_ line: String) throws -> JSONObjectReader {
        guard line.utf8.count <= maxLineBytes else {
            throw CLIError("the line is longer than \(maxLineBytes) bytes (the limit)")
        }
        var limits = JSONParser.Limits()
        limits.locations = false
        limits.maxBytes = maxLineBytes
        let node: JSONNode
        do {
            node = try JSONParser.parse(Array(line.utf8), limits: limits)
        } catch {
            throw CLIError("not a JSON object: \(error.message)")
        }
        return try JSONObjectReader(node.value)
    }

    /// A batch line's `body_base64` (bytes JSON text cannot carry), decoded; `nil` when absent.
    static func base64Body(_ text: String?) throws -> [UInt8]? {
        guard let text else { return nil }
        guard let data = Data(base64Encoded: text) else { throw CLIError("`body_base64` is not valid base64") }
        return Array(data)
    }

    /// Calls `handle` with each non-empty stdin line, read by ``object(_:)``, and prints its answer
    /// as one JSON line; a line that is not a JSON object gets `invalidLine` plus `error`.
    static func runObjects(
        invalidLine: [String: Any] = ["code": "invalidJSON"],
        _ handle: (JSONObjectReader) -> [String: Any]
    ) {
        var lineNumber = 0
        var lines = StandardInputLines(maxBytes: maxLineBytes)
        while let line = lines.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let answer: [String: Any]
            do {
                answer = handle(try object(line))
            } catch {
                answer = invalidLine.merging(["error": "line \(lineNumber): \(error)"]) { $1 }
            }
            print(encode(redactingDiagnostics(answer)))
        }
    }

    /// The fields of a batch answer that carry diagnostics — `error` and `message`, and with
    /// `canonicalRequest: true` a verifier's `canonicalRequest` (`verify --explain`) — with
    /// presigned secrets hidden: wherever they quote a URL or a query (a redirect's `Location`, a
    /// key URL, a presigned request's canonical query), the values of `X-Amz-Signature` and
    /// `X-Amz-Security-Token` in every spelling (`Redaction.redactingQuerySecrets`), as
    /// `Gatehouse.main` does for the errors it prints. Results a caller asked for (a signer's
    /// `url`, `signedRequest` and `canonicalRequest`) are left as they are.
    static func redactingDiagnostics(_ answer: [String: Any], canonicalRequest: Bool = false) -> [String: Any] {
        var answer = answer
        for name in ["error", "message"] + (canonicalRequest ? ["canonicalRequest"] : []) {
            if let text = answer[name] as? String { answer[name] = redactingDiagnostic(text) }
        }
        return answer
    }

    /// One diagnostic text with presigned secrets hidden: query values by
    /// `Redaction.redactingQuerySecrets`, and the value of a canonical request's
    /// `x-amz-security-token:` header line.
    static func redactingDiagnostic(_ text: String) -> String {
        let query = Redaction.redactingQuerySecrets(in: text)
        guard query.range(of: "x-amz-security-token:", options: .caseInsensitive) != nil else { return query }
        return query.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.lowercased().hasPrefix("x-amz-security-token:") else { return String(line) }
            return "x-amz-security-token:<redacted>"
        }.joined(separator: "\n")
    }

    /// Compact JSON with sorted keys (stable output for diffs and tests), written by the Core
    /// ``JSONWriter`` in `JSONSerialization`'s bytes (``FoundationJSON``).
    static func encode(_ object: Any) -> String {
        guard let value = FoundationJSON.value(object) else { return #"{"error":"unencodable output"}"# }
        return JSONWriter.text(value, options: .foundationStyle(pretty: false))
    }

    /// Pretty JSON with sorted keys, for `--output json`.
    static func pretty(_ object: Any) -> String {
        guard let value = FoundationJSON.value(object) else { return "{}" }
        return JSONWriter.text(value, options: .foundationStyle(pretty: true))
    }
}
