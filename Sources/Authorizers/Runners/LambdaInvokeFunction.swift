import IAMPolicy

/// Invokes a function through the Lambda Invoke API — `POST {endpoint}/2015-03-31/functions/
/// {name}/invocations` — as `sam local start-lambda` and the Lambda Runtime Interface Emulator
/// serve it. A response with `X-Amz-Function-Error` is the function's failure, its message taken
/// from the body's `errorMessage`. The HTTP client is injected (`HTTPTransport`), so this library
/// stays free of a networking stack.
public struct LambdaInvokeFunction: AuthorizerFunction {
    public let endpoint: String
    public let functionName: String
    public let maxOutputBytes: Int
    private let transport: any HTTPTransport

    public init(
        endpoint: String,
        functionName: String,
        transport: any HTTPTransport,
        maxOutputBytes: Int = 6 * 1024 * 1024
    ) {
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.functionName = functionName
        self.transport = transport
        self.maxOutputBytes = maxOutputBytes
    }

    public var url: String {
        let name =
            functionName.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || "0123456789-_:".unicodeScalars.contains($0)
            }
            ? functionName : functionName.addingPercentEncodingForPath()
        return "\(endpoint)/2015-03-31/functions/\(name)/invocations"
    }

    public func invoke(_ event: [UInt8], timeout: Duration) async throws(FunctionFailure) -> [UInt8] {
        let response: HTTPTransportResponse
        do {
            response = try await transport.post(
                url,
                body: event,
                headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse")],
                timeout: timeout,
                maxBytes: maxOutputBytes
            )
        } catch let failure as FunctionFailure {
            throw failure
        } catch {
            throw .transport("\(error)")
        }
        if response.header("X-Amz-Function-Error") != nil {
            throw .raised(LambdaInvokeFunction.errorMessage(response.body) ?? "function error")
        }
        guard (200..<300).contains(response.status) else {
            throw .transport("HTTP \(response.status) from \(url)")
        }
        return response.body
    }

    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let root = try? IAMPolicyJSON.parse(body) else { return nil }
        guard case .object(let members) = root else { return nil }
        guard case .string(let message)? = members.first(where: { $0.key == "errorMessage" })?.value.value else {
            return nil
        }
        return message
    }
}

/// The HTTP client the Invoke runner (and remote key sources) use, provided by the embedding
/// program (the CLI and gateway use AsyncHTTPClient).
public protocol HTTPTransport: Sendable {
    func post(
        _ url: String,
        body: [UInt8],
        headers: [(String, String)],
        timeout: Duration,
        maxBytes: Int
    ) async throws -> HTTPTransportResponse

    func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse
}

public struct HTTPTransportResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

extension String {
    fileprivate func addingPercentEncodingForPath() -> String {
        var out = ""
        for byte in utf8 {
            let char = Character(Unicode.Scalar(byte))
            if char.isLetter && byte < 0x80 || char.isNumber && byte < 0x80 || "-_.~".contains(char) {
                out.append(char)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
