public import Authorizers
import GatehouseCore
public import HTTPTypes

/// One request to decide: the request as received, its body (for SigV4's payload hash), the
/// method it was routed to and the connection it came on.
///
/// The method ARN and the request's path after the target's prefix are worked out once, here,
/// by the same rule the Lambda authorizer uses (``Authorizers/AuthorizerRequest``), so the ARN
/// an IAM policy, a resource policy and an authorizer's policy are judged against is one string.
///
/// ```swift
/// let request = AccessRequest(
///     http,
///     body: bodyBytes,
///     target: MethodTarget(region: "us-east-1", accountId: "000000000000", apiId: "a1b2c3d4e5",
///                          stage: "prod", resource: "/pets/{id}", pathPrefix: "/prod",
///                          pathParameters: [("id", "42")]),
///     peer: AccessPeer(sourceIp: "203.0.113.7", isSecure: true),
///     requestId: requestId
/// )
/// ```
public struct AccessRequest: Sendable {
    /// The request as received (`:path` with the query, header fields in received order).
    public var http: HTTPRequest { authorizerRequest.http }
    /// The request body as received (still `aws-chunked` encoded, if it is). Only SigV4 reads
    /// it: a signed request's payload hash covers it. Empty for a request without a body.
    public var body: [UInt8]
    /// Where the gateway routed it (the authorizer request's route: one value, one ARN rule).
    public var target: MethodTarget { authorizerRequest.route }
    public let peer: AccessPeer
    /// `$context.requestId`, passed to a Lambda authorizer's event.
    public var requestId: String { authorizerRequest.requestId }
    /// The request as the Lambda authorizers read it (route, peer, method ARN).
    public private(set) var authorizerRequest: AuthorizerRequest

    public init(_ http: HTTPRequest, body: [UInt8] = [], target: MethodTarget, peer: AccessPeer, requestId: String = "")
    {
        self.body = body
        self.peer = peer
        authorizerRequest = AuthorizerRequest(
            http,
            route: target,
            peer: AuthorizerRequest.Peer(sourceIp: peer.sourceIp, secureTransport: peer.isSecure),
            requestId: requestId
        )
    }

    /// The method ARN: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`.
    public var methodArn: String { authorizerRequest.methodArn }

    /// The request path after the target's prefix (`/pets/42`), undecoded, without the query.
    public var path: String { authorizerRequest.path }

    /// The first value of header `name`, if any.
    func header(_ name: HTTPField.Name) -> String? { http.headerFields[name] }

    /// The authorizer request stamped with the time of the decision.
    func authorizerRequest(at time: Timestamp) -> AuthorizerRequest {
        var request = authorizerRequest
        request.time = time
        return request
    }
}
