public import GatehouseCore
public import IAMPolicy

/// A function's answer, validated and ready to judge any method ARN: the whole response is what
/// the result cache keeps, so the policy is compiled once and re-evaluated per request
/// (reference/gateway.md §Authorizer result cache).
public struct AuthorizerResult: Sendable {
    public let principalId: String?
    /// IAM-policy responses.
    public let policy: CompiledPolicySet?
    /// HTTP API simple responses (`isAuthorized`).
    public let isAuthorized: Bool?
    /// `context` as returned (values reach the backend as strings on REST).
    public let context: [(String, JSONValue)]
    /// `usageIdentifierKey`: an API key value, read when the API's key source is `AUTHORIZER`.
    public let usageIdentifierKey: String?

    /// The largest response read.
    public static let maxBytes = 1024 * 1024

    /// Validates a response as API Gateway does; anything it would not accept throws, and maps to
    /// the 500 `AuthorizerConfigurationException`.
    public static func parse(
        _ bytes: [UInt8],
        configuration: LambdaAuthorizerConfiguration
    )
        throws(AuthorizerDenial) -> AuthorizerResult
    {
        let httpAPI: Bool
        let simple: Bool
        let version2: Bool
        switch configuration.kind {
        case .httpAPI(let version, let simpleResponses):
            httpAPI = true
            simple = simpleResponses
            version2 = version == "2.0"
        default:
            httpAPI = false
            simple = false
            version2 = false
        }
        func invalid(_ reason: String) -> AuthorizerDenial {
            AuthorizerDenial(.configurationError, httpAPI: httpAPI, reason: "invalid authorizer response: \(reason)")
        }
        guard bytes.count <= maxBytes else { throw invalid("\(bytes.count) bytes, over \(maxBytes)") }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw invalid("not JSON (\(error.message))")
        }
        guard case .object = root.value else { throw invalid("not a JSON object") }
        func member(_ name: String) -> JSONNode? { root.value.member(name) }

        let context = try contextValues(member("context"), allowNested: version2, invalid: invalid)
        if simple, let flag = member("isAuthorized") {
            // A non-boolean `isAuthorized` ("false", 0) is a 500, never an allow.
            guard case .bool(let authorized) = flag.value else { throw invalid("`isAuthorized` is not a boolean") }
            return AuthorizerResult(
                principalId: nil,
                policy: nil,
                isAuthorized: authorized,
                context: context,
                usageIdentifierKey: nil
            )
        }
        if simple && member("policyDocument") == nil { throw invalid("no `isAuthorized`") }

        guard let principalNode = member("principalId") else { throw invalid("no `principalId`") }
        guard case .string(let principalId) = principalNode.value else {
            throw invalid("`principalId` is not a string")
        }
        guard let policyNode = member("policyDocument") else { throw invalid("no `policyDocument`") }
        let document: PolicyDocument
        do {
            document = try PolicyDocument.load(policyNode, kind: .identity)
        } catch {
            throw invalid("Could not parse policy: \(error.message) at \(error.path)")
        }
        for statement in document.statements {
            if let long = statement.resource.value.first(where: { $0.utf8.count > 512 }) {
                throw invalid("a Resource ARN is \(long.utf8.count) characters; the limit is 512")
            }
        }
        var usageIdentifierKey: String? = nil
        if let keyNode = member("usageIdentifierKey") {
            guard case .string(let key) = keyNode.value else { throw invalid("`usageIdentifierKey` is not a string") }
            usageIdentifierKey = key
        }
        return AuthorizerResult(
            principalId: principalId,
            policy: CompiledPolicySet(
                IdentityPolicySet(identity: [NamedPolicy(name: "authorizer", document: document)])
            ),
            isAuthorized: nil,
            context: context,
            usageIdentifierKey: usageIdentifierKey
        )
    }

    /// REST and payload 1.0: string, number and boolean values only; 2.0 also lists and maps.
    private static func contextValues(
        _ node: JSONNode?,
        allowNested: Bool,
        invalid: (String) -> AuthorizerDenial
    ) throws(AuthorizerDenial) -> [(String, JSONValue)] {
        guard let node else { return [] }
        if case .null = node.value { return [] }
        guard case .object(let members) = node.value else { throw invalid("`context` is not an object") }
        var out: [(String, JSONValue)] = []
        for (key, value) in members {
            guard let converted = convert(value.value, nested: allowNested) else {
                throw invalid(
                    "`context.\(key)` is \(value.value.typeName); only strings, numbers and booleans are allowed"
                )
            }
            out.append((key, converted))
        }
        return out
    }

    private static func convert(_ value: JSONValue, nested: Bool) -> JSONValue? {
        switch value {
        case .string(let text): return .string(text)
        case .number(let text): return Int64(text).map { JSONValue.integer($0) } ?? .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return nested ? .null : nil
        case .array(let elements):
            guard nested else { return nil }
            var out: [JSONValue] = []
            for element in elements {
                guard let converted = convert(element.value, nested: true) else { return nil }
                out.append(converted)
            }
            return .elements(out)
        case .object(let members):
            guard nested else { return nil }
            var out: [(String, JSONValue)] = []
            for (key, element) in members {
                guard let converted = convert(element.value, nested: true) else { return nil }
                out.append((key, converted))
            }
            return .members(out)
        }
    }

    /// Judges one request: the policy against `execute-api:Invoke` on its method ARN, or the
    /// simple response. The same cached result answers differently for different methods.
    public func judge(
        methodArn: String,
        httpAPI: Bool,
        context: RequestContext = RequestContext()
    )
        -> Result<Decision?, AuthorizerDenial>
    {
        if let isAuthorized {
            return isAuthorized
                ? .success(nil) : .failure(AuthorizerDenial(.forbidden, httpAPI: true, reason: "isAuthorized is false"))
        }
        guard let policy else {
            return .failure(AuthorizerDenial(.configurationError, httpAPI: httpAPI, reason: "no policy"))
        }
        let decision = policy.evaluate(
            AuthorizationRequest(action: "execute-api:Invoke", resource: methodArn, context: context)
        )
        switch decision.outcome {
        case .allow: return .success(decision)
        case .explicitDeny:
            return .failure(
                AuthorizerDenial(
                    .explicitDeny,
                    httpAPI: httpAPI,
                    reason: "the authorizer's policy denies \(methodArn): \(decision)"
                )
            )
        case .implicitDeny:
            return .failure(
                AuthorizerDenial(
                    implicitDenyOf: AuthorizerGrant(
                        principalId: principalId,
                        context: self.context,
                        usageIdentifierKey: usageIdentifierKey,
                        decision: decision
                    ),
                    httpAPI: httpAPI,
                    reason: "no Allow for \(methodArn) in the authorizer's policy"
                )
            )
        }
    }
}
