/// What a call to API Gateway's management API (`apigateway.{region}.amazonaws.com`) must be
/// allowed to do (reference/iam.md §6.2): the HTTP verb as an action, the fine-grained actions
/// some calls add, and the resource ARN — which has an **empty account** and the call's path.
///
/// ```swift
/// let needs = APIGatewayManagement.authorization(
///     method: "PATCH", path: "/restapis/abc123", region: "us-east-1", patchPaths: ["/policy"])
/// // needs.actions == ["apigateway:PATCH", "apigateway:UpdateRestApiPolicy"]
/// // needs.resource == "arn:aws:apigateway:us-east-1::/restapis/abc123"
/// ```
public enum APIGatewayManagement {
    /// The actions (every one must be allowed) and the resource of one management call.
    public struct Authorization: Sendable, Hashable {
        public var actions: [String]
        public var resource: String
    }

    /// Maps a management call to its authorization.
    ///
    /// - Parameters:
    ///   - method: the HTTP verb (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`).
    ///   - path: the request path, such as `/restapis/abc123/stages/prod` (a query is ignored).
    ///   - patchPaths: for `PATCH`, the `path` of each patch operation: a change to `/policy`
    ///     needs `UpdateRestApiPolicy` (REST APIs) or `UpdateDomainNamePolicy` (domain names); to
    ///     `/certificateArn` or `/regionalCertificateArn`, `AddCertificateToDomain`.
    ///   - hasPolicy: for `PUT`/`POST` of a REST API, whether the body carries a resource policy.
    ///   - setsWebACL: whether the call associates a WAF web ACL (a stage's `webAclArn`).
    ///   - account: the account, only for private custom domain names (`/domainnames/{name}+{id}`),
    ///     whose ARNs carry it; every other management ARN has an empty account.
    public static func authorization(
        method: String,
        path: String,
        region: String,
        partition: String = "aws",
        patchPaths: [String] = [],
        hasPolicy: Bool = false,
        setsWebACL: Bool = false,
        account: String = ""
    ) -> Authorization {
        let verb = method.uppercased()
        var clean = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        if clean.isEmpty { clean = "/" }
        while clean.count > 1 && clean.hasSuffix("/") { clean.removeLast() }
        let segments = clean.split(separator: "/").map(String.init)

        var actions = ["apigateway:\(verb)"]
        let changesPolicy = patchPaths.contains { $0 == "/policy" || $0.hasPrefix("/policy/") }
        let changesCertificate = patchPaths.contains { $0 == "/certificateArn" || $0 == "/regionalCertificateArn" }
        let collection = segments.first
        let isRestAPI = collection == "restapis" && segments.count == 2
        if (verb == "PATCH" && isRestAPI && changesPolicy) || (verb == "PUT" && isRestAPI && hasPolicy)
            || (verb == "POST" && collection == "restapis" && segments.count == 1 && hasPolicy)
        {
            actions.append("apigateway:UpdateRestApiPolicy")
        }
        let isDomain = collection == "domainnames" && segments.count == 2
        if verb == "PATCH" && isDomain && changesPolicy { actions.append("apigateway:UpdateDomainNamePolicy") }
        // Creating a domain name always names its certificate; an update may replace it.
        if (verb == "POST" && collection == "domainnames" && segments.count == 1)
            || (verb == "PATCH" && isDomain && changesCertificate)
        {
            actions.append("apigateway:AddCertificateToDomain")
        }
        if verb == "POST" && collection == "domainnameaccessassociations" && segments.count == 1 {
            actions.append("apigateway:CreateAccessAssociation")
        }
        if setsWebACL { actions.append("apigateway:SetWebACL") }
        let privateDomain = segments.first == "domainnames" && segments.count >= 2 && segments[1].contains("+")
        return Authorization(
            actions: actions,
            resource: "arn:\(partition):apigateway:\(region):\(privateDomain ? account : ""):\(clean)"
        )
    }
}
