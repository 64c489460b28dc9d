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

    /// Calls `handle` for each non-empty stdin line and prints its answer as one JSON line.
    /// A line that is not a JSON object gets `{"error": …, "code": "invalidJSON"}`.
    static func run(
        invalidLine: [String: Any] = ["code": "invalidJSON"],
        _ handle: ([String: Any]) -> [String: Any]
    ) {
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let answer: [String: Any]
            if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] {
                answer = handle(object)
            } else {
                answer = invalidLine.merging(["error": "line \(lineNumber) is not a JSON object"]) { $1 }
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

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    /// An integer. (On Linux a JSON 0 or 1 also bridges as `Bool`, so `is Bool` cannot be used to
    /// tell `true` from `1`; an integer-valued field simply reads the number.)
    func int(_ key: String) -> Int? {
        guard let number = self[key] as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 1e15 else { return nil }
        return number.intValue
    }

    /// A body given as `body_base64`, for bytes JSON text cannot carry.
    func base64Body() throws -> [UInt8]? {
        guard let text = string("body_base64") else { return nil }
        guard let data = Data(base64Encoded: text) else { throw CLIError("`body_base64` is not valid base64") }
        return Array(data)
    }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
}
