public import GatehouseCore

/// The official Lambda-authorizer blueprint's `AuthPolicy`, in Swift (reference/gateway.md §The
/// official blueprint's AuthPolicy): the same operations and ARNs, so existing authorizer logic
/// ports line for line. One difference: when every method of an effect has conditions, the
/// blueprint still emits an unconditioned statement with `"Resource": []`; this one does not.
///
/// ```swift
/// var policy = AuthPolicy(principalId: "user|a1b2", awsAccountId: "123456789012")
/// policy.restApiId = "abc123"; policy.region = "us-east-1"; policy.stage = "prod"
/// try policy.allowMethod(.get, "/pets/*")
/// try policy.denyMethod(.delete, "*")
/// let response = try policy.build()   // {"principalId": …, "policyDocument": {…}}
/// ```
public struct AuthPolicy: Sendable {
    public enum HTTPVerb: String, Sendable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", head = "HEAD", delete = "DELETE"
        case options = "OPTIONS", all = "*"
    }

    public var principalId: String
    public var awsAccountId: String
    /// Default `*` — which, as the blueprint warns, also spans `/`.
    public var restApiId = "*"
    public var region = "*"
    public var stage = "*"
    /// Extra members for the response (`context`, `usageIdentifierKey`).
    public var context: [(String, JSONValue)] = []
    public var usageIdentifierKey: String?

    private var allowed: [(arn: String, conditions: JSONValue?)] = []
    private var denied: [(arn: String, conditions: JSONValue?)] = []

    public init(principalId: String, awsAccountId: String) {
        self.principalId = principalId
        self.awsAccountId = awsAccountId
    }

    public struct InvalidResource: Error, Sendable, CustomStringConvertible {
        public let resource: String
        public var description: String { "`\(resource)` does not match ^[/.a-zA-Z0-9-\\*]+$" }
    }

    public struct EmptyPolicy: Error, Sendable, CustomStringConvertible {
        public var description: String { "no allowed or denied methods: a policy needs at least one" }
    }

    private func arn(_ verb: HTTPVerb, _ resource: String) throws(InvalidResource) -> String {
        let valid =
            !resource.isEmpty
            && resource.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || "/.-*".unicodeScalars.contains($0)
            }
        guard valid else { throw InvalidResource(resource: resource) }
        let path = resource.hasPrefix("/") ? String(resource.dropFirst()) : resource
        return "arn:aws:execute-api:\(region):\(awsAccountId):\(restApiId)/\(stage)/\(verb.rawValue)/\(path)"
    }

    public mutating func allowAllMethods() { allowed.append((try! arn(.all, "*"), nil)) }
    public mutating func denyAllMethods() { denied.append((try! arn(.all, "*"), nil)) }

    public mutating func allowMethod(_ verb: HTTPVerb, _ resource: String) throws(InvalidResource) {
        allowed.append((try arn(verb, resource), nil))
    }

    public mutating func denyMethod(_ verb: HTTPVerb, _ resource: String) throws(InvalidResource) {
        denied.append((try arn(verb, resource), nil))
    }

    /// `conditions` is an IAM `Condition` block, such as `{"IpAddress": {"aws:SourceIp": …}}`.
    public mutating func allowMethodWithConditions(
        _ verb: HTTPVerb,
        _ resource: String,
        conditions: JSONValue
    )
        throws(InvalidResource)
    {
        allowed.append((try arn(verb, resource), conditions))
    }

    public mutating func denyMethodWithConditions(
        _ verb: HTTPVerb,
        _ resource: String,
        conditions: JSONValue
    )
        throws(InvalidResource)
    {
        denied.append((try arn(verb, resource), conditions))
    }

    /// The authorizer response: `principalId`, `policyDocument`, and `context` and
    /// `usageIdentifierKey` when set.
    public func build() throws(EmptyPolicy) -> JSONValue {
        guard !allowed.isEmpty || !denied.isEmpty else { throw EmptyPolicy() }
        var statements: [JSONValue] = []
        for (effect, methods) in [("Allow", allowed), ("Deny", denied)] {
            for method in methods {
                if let conditions = method.conditions {
                    statements.append(
                        .members([
                            ("Action", .string("execute-api:Invoke")), ("Effect", .string(effect)),
                            ("Resource", .elements([.string(method.arn)])), ("Condition", conditions),
                        ])
                    )
                }
            }
            let plain = methods.filter { $0.conditions == nil }.map { JSONValue.string($0.arn) }
            if !plain.isEmpty {
                statements.append(
                    .members([
                        ("Action", .string("execute-api:Invoke")), ("Effect", .string(effect)),
                        ("Resource", .elements(plain)),
                    ])
                )
            }
        }
        var members: [(String, JSONValue)] = [
            ("principalId", .string(principalId)),
            ("policyDocument", .members([("Version", .string("2012-10-17")), ("Statement", .elements(statements))])),
        ]
        if !context.isEmpty { members.append(("context", .members(context))) }
        if let usageIdentifierKey { members.append(("usageIdentifierKey", .string(usageIdentifierKey))) }
        return .members(members)
    }
}
