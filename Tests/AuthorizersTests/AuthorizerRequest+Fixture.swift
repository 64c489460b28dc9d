import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy

extension AuthorizerRequest {
    /// A request for a method ARN, as a test spells one: an `HTTPRequest` for the ARN's verb and
    /// path (a `Host` header goes to `:authority`, as a parsed HTTP/1.1 request has it), the
    /// route the ARN names, the peer at `sourceIp`.
    static func fixture(
        methodArn: String,
        resource: String,
        headers: [(name: String, value: String)] = [],
        rawQueryString: String = "",
        stageVariables: [(String, String)] = [],
        sourceIp: String = "127.0.0.1",
        secureTransport: Bool? = nil,
        time: Timestamp = .epoch
    ) -> AuthorizerRequest {
        let arn = ExecuteAPIARN(methodArn)!
        var fields = HTTPFields()
        var authority: String? = nil
        for (name, value) in headers {
            let fieldName = HTTPField.Name(name)!
            if fieldName.canonicalName == "host" && authority == nil {
                authority = value
            } else {
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        let http = HTTPRequest(
            method: HTTPRequest.Method(arn.method)!,
            scheme: "https",
            authority: authority,
            path: "/" + arn.path + (rawQueryString.isEmpty ? "" : "?" + rawQueryString),
            headerFields: fields
        )
        let route = Route(
            partition: arn.partition,
            region: arn.region,
            accountId: arn.account,
            apiId: arn.apiId,
            stage: arn.stage,
            resource: resource,
            stageVariables: stageVariables
        )
        return AuthorizerRequest(
            http,
            route: route,
            peer: Peer(sourceIp: sourceIp, secureTransport: secureTransport),
            time: time
        )
    }
}
