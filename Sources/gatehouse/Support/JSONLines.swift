import Foundation
import IAMPolicy

/// JSON-lines plumbing for the batch modes: one object in, one object out, in order.
enum JSONLines {
    /// The longest batch line read (an inline JWKS or a `body_base64` fits well below).
    static let maxLineBytes = 8 * 1024 * 1024

    /// One batch line as an object whose fields are read by exact type (``JSONObjectReader``):
    /// parsed strictly (duplicate keys, invalid UTF-8 and deep nesting are errors).
    static func object(_ line: String) throws -> JSONObjectReader {
        var limits = PolicyJSONParser.Limits()
        limits.locations = false
        limits.maxBytes = maxLineBytes
        let node: JSONNode
        do {
            node = try PolicyJSONParser.parse(Array(line.utf8), limits: limits)
        } catch {
            throw CLIError("not a JSON object: \(error.message)")
        }
        return try JSONObjectReader(node.value)
    }

    /// Calls `handle` with each non-empty stdin line, read by ``object(_:)``, and prints its answer
    /// as one JSON line; a line that is not a JSON object gets `invalidLine` plus `error`.
    static func runObjects(
        invalidLine: [String: Any] = ["code": "invalidJSON"],
        _ handle: (JSONObjectReader) -> [String: Any]
    ) {
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let answer: [String: Any]
            do {
                answer = handle(try object(line))
            } catch {
                answer = invalidLine.merging(["error": "line \(lineNumber): \(error)"]) { $1 }
            }
            print(encode(answer))
        }
    }

    /// Compact JSON with sorted keys (stable output for diffs and tests).
    static func encode(_ object: Any) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
        else {
            return #"{"error":"unencodable output"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Pretty JSON with sorted keys, for `--output json`.
    static func pretty(_ object: Any) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            )
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
