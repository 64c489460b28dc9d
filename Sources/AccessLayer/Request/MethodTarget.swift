public import Authorizers

/// Where the gateway routed a request: the API, stage and resource it matched, with what the
/// stage contributes. Its fields, with the request's verb and path, make the method ARN
/// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` that policies are
/// judged against (reference/iam.md §6.1).
///
/// The Lambda authorizers' own route value, not a copy of it: the ARN an IAM policy, a resource
/// policy and an authorizer's policy are judged against is built by one rule from one value.
/// The verb is the request's own (`GET` for a request an `ANY` method matched), and the path is
/// the request's path after `pathPrefix`, undecoded — or `methodPath`, when the router worked
/// it out from the resource it matched.
public typealias MethodTarget = AuthorizerRequest.Route
