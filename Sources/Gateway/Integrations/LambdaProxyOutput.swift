import GatehouseCore

/// A function's answer to a proxy event, read as API Gateway reads it.
struct LambdaProxyOutput {
    var status: Int
    /// Header lines in order: `multiValueHeaders` first (their name casing), then `headers`.
    var headers: [(String, String)]
    var body: [UInt8]
    /// `isBase64Encoded: true`: the body is base64 text, decoded by the integration when the API
    /// says so (``BinaryMediaTypes``; always for payload 2.0).
    var isBase64Encoded = false

    struct Problem: Error { let message: String }

    /// Payload 1.0 (recorded, reference/gateway.md): a JSON object with only `statusCode`
    /// (a number or a numeric string; default 200), `headers` (scalar values, stringified),
    /// `multiValueHeaders` (lists), `body` (a string) and `isBase64Encoded`. `{}`, an unknown
    /// key, a non-numeric status, a non-list multi-value, anything not an object → a problem.
    /// A base64 body is decoded only when the API's `binaryMediaTypes` name the request's
    /// `Accept` or the answer's `Content-Type` (the integration decides); otherwise passed as sent.
    static func parseVersion1(_ output: [UInt8]) -> Result<LambdaProxyOutput, Problem> {
        guard let node = try? JSONParser.parse(output, limits: .withoutLocations) else {
            return .failure(Problem(message: "the output is not JSON"))
        }
        guard case .object(let members) = node.value else {
            return .failure(Problem(message: "the output is \(node.value.typeName), not an object"))
        }
        if members.isEmpty { return .failure(Problem(message: "the output is an empty object")) }
        let known: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            return .failure(Problem(message: "unknown key `\(unknown.key)` in the output"))
        }
        return read(node.value, multiValue: true, cookies: false)
    }

    /// Payload 2.0: an object with `statusCode` is read as a structured answer (`headers`,
    /// `cookies` → `Set-Cookie`, `body`, `isBase64Encoded`); any other JSON is the body of a
    /// 200 `application/json` answer, as AWS reads it.
    static func parseVersion2(_ output: [UInt8]) -> Result<LambdaProxyOutput, Problem> {
        guard let node = try? JSONParser.parse(output, limits: .withoutLocations) else {
            return .failure(Problem(message: "the output is not JSON"))
        }
        if node.value.member("errorMessage") != nil, node.value.member("errorType") != nil {
            return .failure(Problem(message: "the function failed (errorMessage and errorType in its output)"))
        }
        if case .object = node.value, node.value.member("statusCode") != nil {
            return read(node.value, multiValue: false, cookies: true)
        }
        if case .string(let text) = node.value {
            return .success(LambdaProxyOutput(status: 200, headers: [], body: Array(text.utf8)))
        }
        return .success(LambdaProxyOutput(status: 200, headers: [], body: Array(JSONWriter.text(node.value).utf8)))
    }

    private static func read(_ value: JSONValue, multiValue: Bool, cookies: Bool) -> Result<LambdaProxyOutput, Problem>
    {
        var result = LambdaProxyOutput(status: 200, headers: [], body: [])
        if let status = value.member("statusCode") {
            switch status.value {
            case .number(let text):
                guard let code = Int(text), (100...599).contains(code) else {
                    return .failure(Problem(message: "statusCode `\(text)` is not a status"))
                }
                result.status = code
            case .string(let text):
                guard let code = Int(text), (100...599).contains(code) else {
                    return .failure(Problem(message: "statusCode `\(text)` is not a status"))
                }
                result.status = code
            default:
                return .failure(Problem(message: "statusCode is \(status.value.typeName)"))
            }
        }
        if multiValue, let multi = value.member("multiValueHeaders") {
            switch multi.value {
            case .null: break
            case .object(let entries):
                for (name, list) in entries {
                    guard case .array(let values) = list.value else {
                        return .failure(Problem(message: "multiValueHeaders `\(name)` is not a list"))
                    }
                    for item in values { result.headers.append((name, item.value.plainText)) }
                }
            default:
                return .failure(Problem(message: "multiValueHeaders is \(multi.value.typeName)"))
            }
        }
        if let headers = value.member("headers") {
            switch headers.value {
            case .null: break
            case .object(let entries):
                for (name, item) in entries {
                    switch item.value {
                    case .object, .array:
                        return .failure(Problem(message: "header `\(name)` is \(item.value.typeName)"))
                    default: result.headers.append((name, item.value.plainText))
                    }
                }
            default:
                return .failure(Problem(message: "headers is \(headers.value.typeName)"))
            }
        }
        if cookies, let list = value.member("cookies"), case .array(let items) = list.value {
            for item in items { result.headers.append(("Set-Cookie", item.value.plainText)) }
        }
        if let body = value.member("body") {
            switch body.value {
            case .null: break
            case .string(let text): result.body = Array(text.utf8)
            default:
                if multiValue { return .failure(Problem(message: "body is \(body.value.typeName)")) }
                result.body = Array(JSONWriter.text(body.value).utf8)
            }
        }
        if let flag = value.member("isBase64Encoded") {
            switch flag.value {
            case .bool(let flag): result.isBase64Encoded = flag
            case .null: break
            default: return .failure(Problem(message: "isBase64Encoded is \(flag.value.typeName)"))
            }
        }
        return .success(result)
    }
}
