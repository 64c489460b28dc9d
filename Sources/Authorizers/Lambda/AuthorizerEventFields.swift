import GatehouseCore
import IAMPolicy

/// The fields a Swift authorizer usually needs from an event: the token and the method ARN's parts.
public struct AuthorizerEventFields: Sendable {
    public var authorizationToken: String
    public var methodArn: String
    public var region: String
    public var accountId: String
    public var apiId: String
    public var stage: String

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(_ event: [UInt8]) throws(Invalid) {
        guard let root = try? JSONParser.parse(event, limits: .withoutLocations).value, case .object(let members) = root
        else {
            throw Invalid(description: "the event is not a JSON object")
        }
        func string(_ name: String) -> String? {
            if case .string(let value)? = members.first(where: { $0.key == name })?.value.value { return value }
            return nil
        }
        guard let arn = string("methodArn") ?? string("routeArn"), let parsed = ExecuteAPIARN(arn) else {
            throw Invalid(description: "the event has no method ARN")
        }
        var token = string("authorizationToken") ?? ""
        if token.isEmpty, case .object(let headers)? = members.first(where: { $0.key == "headers" })?.value.value,
            case .string(let value)? = headers.first(where: { $0.key.lowercased() == "authorization" })?.value.value
        {
            token = value
        }
        authorizationToken = token
        methodArn = arn
        region = parsed.region
        accountId = parsed.account
        apiId = parsed.apiId
        stage = parsed.stage
    }
}
