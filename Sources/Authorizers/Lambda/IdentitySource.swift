import HTTPTypes
import IAMPolicy

/// Where an identity value comes from. Parsed from API Gateway's spellings:
/// `method.request.header.X` / `$request.header.X`, `method.request.querystring.X` /
/// `$request.querystring.X`, `stageVariables.X` / `$stageVariables.X`, `context.X` / `$context.X`.
public enum IdentitySource: Sendable, Hashable, CustomStringConvertible {
    case header(String)
    case query(String)
    case stageVariable(String)
    case context(String)

    public init(_ text: String) throws(AuthorizerConfigurationError) {
        let prefixes: [(String, (String) -> IdentitySource)] = [
            ("method.request.header.", IdentitySource.header), ("$request.header.", IdentitySource.header),
            ("method.request.querystring.", IdentitySource.query), ("$request.querystring.", IdentitySource.query),
            ("stageVariables.", IdentitySource.stageVariable), ("$stageVariables.", IdentitySource.stageVariable),
            ("context.", IdentitySource.context), ("$context.", IdentitySource.context),
        ]
        for (prefix, make) in prefixes where text.hasPrefix(prefix) && text.count > prefix.count {
            self = make(String(text.dropFirst(prefix.count)))
            return
        }
        throw AuthorizerConfigurationError(
            "`\(text)` is not an identity source (method.request.header.X, method.request.querystring.X, stageVariables.X, context.X; path parameters cannot be sources)"
        )
    }

    public var description: String {
        switch self {
        case .header(let name): return "method.request.header.\(name)"
        case .query(let name): return "method.request.querystring.\(name)"
        case .stageVariable(let name): return "stageVariables.\(name)"
        case .context(let name): return "context.\(name)"
        }
    }

    /// A header source's name as swift-http-types compares it (case-insensitively); `nil` for
    /// other sources and for a name no HTTP field can have (such a header is never present).
    var fieldName: HTTPField.Name? {
        guard case .header(let name) = self else { return nil }
        return HTTPField.Name(name)
    }

    /// The value in a request, or `nil` when absent or empty. Several header or query values are
    /// joined with `,` (as API Gateway does). `fieldName` is this source's ``fieldName``, made
    /// once per authorizer rather than per request.
    func value(in request: AuthorizerRequest, fieldName: HTTPField.Name?) -> String? {
        let found: String?
        switch self {
        case .header:
            // Called directly (a method reference would capture a copy of the whole request).
            if let fieldName { found = request.headerValue(fieldName) } else { found = nil }
        case .query(let name):
            // A query that does not decode strictly has no identity in it (and ``LambdaAuthorizer``
            // refuses it before any source is read). The request's one decoding is read here.
            guard let parameters = try? request.queryParameters else { return nil }
            // Names compare as bytes: `==` would also take a canonically equivalent spelling
            // (`cafe%CC%81` for `café`), a parameter API Gateway keeps apart.
            let values = parameters.filter { $0.0.sameUTF8(as: name) }.map(\.1)
            found = values.isEmpty ? nil : values.joined(separator: ",")
        case .stageVariable(let name):
            found = request.stageVariables.first { $0.0.sameUTF8(as: name) }?.1
        case .context(let name):
            switch name {
            case "routeKey": found = request.routeKey
            case "stage": found = request.stage
            case "identity.sourceIp", "http.sourceIp": found = request.sourceIp
            case "httpMethod", "http.method": found = request.httpMethod
            case "apiId": found = request.apiId
            case "accountId": found = request.accountId
            case "resourcePath": found = request.resource
            case "path", "http.path": found = request.path
            default: found = nil
            }
        }
        guard let found, !found.isEmpty else { return nil }
        return found
    }
}
