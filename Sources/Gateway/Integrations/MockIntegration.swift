import GatehouseCore
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore

/// MOCK: no backend. The request template's `statusCode` (`{"statusCode": 200}`, default 200)
/// selects the integration response — the one whose `selectionPattern` matches that status,
/// else the default (no pattern) — whose status, static `method.response.header.*` parameters
/// and `application/json` template make the response. Templates are served as written (the
/// Velocity subset comes with the transformation issue).
enum MockIntegration {
    static func respond(_ integration: Integration, exchange: Exchange) -> GatewayResponder.Reply {
        let template =
            integration.requestTemplates["application/json"]
            ?? integration.requestTemplates.sorted(by: { $0.key < $1.key }).first?.value
        let status = template.flatMap(statusCode(in:)) ?? 200
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        guard !integration.responses.isEmpty else {
            headers[.contentLength] = "0"
            return .response(Response(status: HTTPResponse.Status(code: status), headers: headers))
        }
        let text = String(status)
        let selected =
            integration.responses.first { response in
                guard let pattern = response.selectionPattern, !pattern.isEmpty,
                    let regex = try? Regex(pattern)
                else { return false }
                return (try? regex.wholeMatch(in: text)) != nil
            } ?? integration.responses.first { ($0.selectionPattern ?? "").isEmpty }
        guard let selected else {
            return .denial(GatewayFailures.configuration(reason: "no integration response matches status \(status)"))
        }
        for (name, source) in selected.responseParameters.sorted(by: { $0.key < $1.key }) {
            guard let headerName = name.dropPrefix("method.response.header."),
                let field = HTTPField.Name(headerName),
                let value = exchange.parameterValue(source)
            else { continue }
            headers[field] = value
        }
        let body =
            selected.responseTemplates["application/json"]
            ?? selected.responseTemplates.sorted(by: { $0.key < $1.key }).first?.value ?? ""
        headers[.contentLength] = String(body.utf8.count)
        return .response(
            Response(
                status: HTTPResponse.Status(code: Int(selected.statusCode) ?? status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        )
    }

    /// The `statusCode` of a request template: the member of a JSON object, else the first run
    /// of digits after the text `statusCode` (templates with Velocity are not JSON).
    static func statusCode(in template: String) -> Int? {
        if let node = try? JSONParser.parse(template), let member = node.value.member("statusCode") {
            switch member.value {
            case .number(let text): return Int(text)
            case .string(let text): return Int(text)
            default: return nil
            }
        }
        guard let range = template.firstRange(of: "statusCode") else { return nil }
        let digits = template[range.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
        return Int(digits)
    }
}
