/// Where the gateway routed a request: the API, stage and resource it matched, with what the
/// stage contributes. Its fields, with the request's verb and path, make the method ARN
/// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` that policies are
/// judged against (reference/iam.md §6.1).
///
/// The verb is the request's own (`GET` for a request an `ANY` method matched), and the path is
/// the request's path after ``pathPrefix``, undecoded — the concrete path, never the resource
/// template.
public struct MethodTarget: Sendable {
    public var partition: String
    public var region: String
    /// The account that owns the API (12 digits).
    public var accountId: String
    public var apiId: String
    public var stage: String
    /// The resource template the route matched (`/pets/{id}`, `/{proxy+}`, `/`).
    public var resourcePath: String
    /// The part of the request path before the API's resources: `/prod` when the stage is in the
    /// path, `/restapis/{id}/prod/_user_request_` for path-style invoke URLs, a custom domain's
    /// base path, or empty. The method ARN and the authorizer event use what follows it.
    public var pathPrefix: String
    /// The resource template's variables, undecoded, as API Gateway passes them.
    public var pathParameters: [(String, String)]
    public var stageVariables: [(String, String)]
    /// For HTTP APIs: the route key (`GET /pets/{id}`, `$default`).
    public var routeKey: String
    /// The path the method ARN names when the router worked it out from the resource it matched
    /// (a lenient router serves `/admin/` as `/admin`: the ARN must name `/admin`); `nil` for the
    /// request's path after ``pathPrefix``.
    public var methodPath: String?

    public init(
        partition: String = "aws",
        region: String,
        accountId: String,
        apiId: String,
        stage: String,
        resourcePath: String,
        pathPrefix: String = "",
        pathParameters: [(String, String)] = [],
        stageVariables: [(String, String)] = [],
        routeKey: String = "$default",
        methodPath: String? = nil
    ) {
        self.methodPath = methodPath
        self.partition = partition
        self.region = region
        self.accountId = accountId
        self.apiId = apiId
        self.stage = stage
        self.resourcePath = resourcePath
        self.pathPrefix = pathPrefix
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.routeKey = routeKey
    }
}
