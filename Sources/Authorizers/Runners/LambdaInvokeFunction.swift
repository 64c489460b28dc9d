import GatehouseCore
import IAMPolicy

/// Invokes a function through the Lambda Invoke API — `POST {endpoint}/2015-03-31/functions/
/// {name}/invocations` — as `sam local start-lambda` and the Lambda Runtime Interface Emulator
/// serve it. A response with `X-Amz-Function-Error` is the function's failure, its message taken
/// from the body's `errorMessage`. The HTTP client is injected (`HTTPTransport`), so this library
/// stays free of a networking stack.
///
/// The endpoint is judged by ``EndpointURL/trusted(_:)`` when the runner is made: the event carries
/// the caller's token, so it goes over https, or plain http only to this machine (where
/// `sam local start-lambda` and the emulator listen).
public struct LambdaInvokeFunction: AuthorizerFunction {
    public let endpoint: String
    public let functionName: String
    public let maxOutputBytes: Int
    private let transport: any HTTPTransport
    private let target: EndpointURL

    public init(
        endpoint: String,
        functionName: String,
        transport: any HTTPTransport,
        maxOutputBytes: Int = 6 * 1024 * 1024
    ) throws(EndpointURLError) {
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.functionName = functionName
        self.transport = transport
        self.maxOutputBytes = maxOutputBytes
        target = try EndpointURL.trusted(Self.url(endpoint: endpoint, functionName: functionName))
    }

    /// The Invoke URL, as sent.
    public var url: String { target.description }

    private static func url(endpoint: String, functionName: String) -> String {
        let name =
            functionName.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_:".unicodeScalars.contains($0))
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
        } catch HTTPTransportError.timedOut(let limit) {
            throw .timedOut(limit)
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
        guard let root = try? JSONParser.parse(body, limits: .withoutLocations).value else { return nil }
        guard case .object(let members) = root else { return nil }
        guard case .string(let message)? = members.first(where: { $0.key == "errorMessage" })?.value.value else {
            return nil
        }
        return message
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
