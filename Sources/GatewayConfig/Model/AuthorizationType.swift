/// How a method authorizes its callers, in API Gateway's names.
///
/// `GatewayConfig` keeps its own type rather than the access layer's: the gateway maps a compiled
/// method onto the access layer's settings, so the access layer does not depend on the
/// configuration model.
public struct AuthorizationType: Sendable, Hashable, CustomStringConvertible {
    /// `NONE`, `AWS_IAM`, `CUSTOM`, `JWT` or `COGNITO_USER_POOLS`.
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    /// Public: no caller check (a resource policy may still refuse).
    public static let none = AuthorizationType("NONE")
    /// SigV4-signed callers, authorized by IAM policies for `execute-api:Invoke`.
    public static let awsIAM = AuthorizationType("AWS_IAM")
    /// A Lambda authorizer (TOKEN or REQUEST), named by the method.
    public static let custom = AuthorizationType("CUSTOM")
    /// An HTTP API's JWT authorizer.
    public static let jwt = AuthorizationType("JWT")
    /// A Cognito user pool authorizer: accepted, reported as unavailable until user pools exist.
    public static let cognitoUserPools = AuthorizationType("COGNITO_USER_POOLS")

    /// Every type, in the order above.
    public static let all: [AuthorizationType] = [.none, .awsIAM, .custom, .jwt, .cognitoUserPools]

    /// The type named `name` exactly (AWS's spelling), if any.
    public init?(named name: String) {
        guard let found = Self.all.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}
