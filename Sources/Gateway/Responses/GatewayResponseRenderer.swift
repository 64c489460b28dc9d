import GatehouseCore
import GatewayConfig
import HTTPTypes

/// Turns a denial into the response a client sees: AWS's default status, body and headers, or
/// the API's `x-amazon-apigateway-gateway-responses` override for that type (else for
/// DEFAULT_4XX / DEFAULT_5XX) — status, `gatewayresponse.header.*` parameters and the
/// `application/json` template with `$context` variables. The one place a denial becomes bytes.
enum GatewayResponseRenderer {
    struct Rendered {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
    }

    static func render(_ denial: AccessDenial, api: ServedAPI?, exchange: Exchange) -> Rendered {
        var status = denial.status
        var body = denial.bodyBytes
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if !denial.errorType.isEmpty { headers.append(("x-amzn-ErrorType", denial.errorType)) }
        for header in denial.headers { headers.append((header.name, header.value)) }

        if let api, !GatewayFailures.ignoresCustomization(denial),
            let custom = api.gatewayResponses[denial.responseType]
                ?? api.gatewayResponses[GatewayResponseType.fallback(forStatus: denial.status)]
        {
            if let code = custom.statusCode { status = code }
            for (name, source) in custom.responseParameters.sorted(by: { $0.key < $1.key }) {
                let prefix = "gatewayresponse.header."
                guard name.hasPrefix(prefix), let value = exchange.parameterValue(source) else { continue }
                let headerName = String(name.dropFirst(prefix.count))
                headers.removeAll { $0.0.lowercased() == headerName.lowercased() }
                headers.append((headerName, value))
            }
            if let template = custom.responseTemplates["application/json"]
                ?? custom.responseTemplates.sorted(by: { $0.key < $1.key }).first?.value
            {
                body = Array(substitute(template, denial: denial, exchange: exchange).utf8)
            }
        }
        return Rendered(status: status, headers: headers, body: body)
    }

    /// The template's `$context` variables replaced (longest names first, so
    /// `$context.error.messageString` is not read as `$context.error.message` plus `String`).
    static func substitute(_ template: String, denial: AccessDenial, exchange: Exchange) -> String {
        var quoted = ""
        if let message = denial.message {
            JSONWriter.quote(message, into: &quoted, shortEscapes: true)
        } else {
            quoted = "null"
        }
        let values: [(String, String)] = [
            ("$context.error.validationErrorString", ""),
            ("$context.error.messageString", quoted),
            ("$context.error.responseType", denial.responseType.name),
            ("$context.error.message", denial.message ?? ""),
            ("$context.extendedRequestId", exchange.ids.extendedRequestID),
            ("$context.requestId", exchange.ids.requestID),
            ("$context.resourcePath", exchange.resourcePath ?? ""),
            ("$context.httpMethod", exchange.method),
            ("$context.stage", exchange.stageName ?? ""),
            ("$context.apiId", exchange.apiID ?? ""),
            ("$context.identity.sourceIp", exchange.sourceIP),
        ]
        var out = template
        for (name, value) in values { out = out.replacing(name, with: value) }
        return out
    }
}
