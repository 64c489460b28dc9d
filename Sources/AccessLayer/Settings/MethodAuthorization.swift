public import Authorizers
public import HTTPTypes

/// A method's authorization type (`authorizationType` in API Gateway's `Method`), with what it
/// needs to run.
///
/// A closed-but-growing set: a struct with static members, so later types join without
/// breaking anyone's `switch`.
///
/// - ``none``: the resource policy alone decides (with one, it must Allow).
/// - ``awsIAM``: SigV4, the principal from the credential store, IAM evaluation.
/// - ``custom(_:)``: a Lambda authorizer (TOKEN, REQUEST or an HTTP API's), through any runner,
///   with its result cache — the `jwtBearer` blueprint included, as a function.
/// - ``jwt(_:)``: a native JWT authorizer.
/// - ``cognitoUserPools(providerARNs:identityHeader:)``: a Cognito user-pool authorizer, run by the
///   ``UserPoolAuthenticator`` the access layer was given; without one, every request is refused
///   (500) with a reason that says user pools are not available.
public struct MethodAuthorization: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case none
        case awsIAM
        case custom(LambdaAuthorizer)
        case jwt(JWTAuthorization)
        case cognitoUserPools(providerARNs: [String], identityHeader: HTTPField.Name)
    }

    let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// `NONE`.
    public static let none = MethodAuthorization(.none)
    /// `AWS_IAM`.
    public static let awsIAM = MethodAuthorization(.awsIAM)
    /// `CUSTOM`: a Lambda authorizer.
    public static func custom(_ authorizer: LambdaAuthorizer) -> MethodAuthorization {
        MethodAuthorization(.custom(authorizer))
    }
    /// `JWT`: a native JWT authorizer.
    public static func jwt(_ authorizer: JWTAuthorization) -> MethodAuthorization {
        MethodAuthorization(.jwt(authorizer))
    }
    /// `COGNITO_USER_POOLS`: the pools' ARNs and the header carrying the token.
    public static func cognitoUserPools(
        providerARNs: [String],
        identityHeader: HTTPField.Name = .authorization
    ) -> MethodAuthorization {
        MethodAuthorization(.cognitoUserPools(providerARNs: providerARNs, identityHeader: identityHeader))
    }

    /// API Gateway's name for the type: `NONE`, `AWS_IAM`, `CUSTOM`, `JWT`, `COGNITO_USER_POOLS`.
    public var typeName: String {
        switch kind {
        case .none: return "NONE"
        case .awsIAM: return "AWS_IAM"
        case .custom: return "CUSTOM"
        case .jwt: return "JWT"
        case .cognitoUserPools: return "COGNITO_USER_POOLS"
        }
    }

    public var description: String { typeName }
}
