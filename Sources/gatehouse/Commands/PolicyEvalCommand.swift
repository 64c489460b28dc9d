import ArgumentParser
import GatehouseCore
import IAMPolicy

struct PolicyEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decide one request against policy files: Allow, ExplicitDeny or ImplicitDeny, and why.",
        discussion: """
            Exit status: 0 Allow, 1 a deny, 2 a usage or input error (a policy that does not load names its \
            line, column and JSON path). Control, format (bidi) and line-separator characters from \
            policies or the request are printed as \\u{XX} escapes (\\uXXXX in JSON), never raw.

            The account root user (arn:aws:iam::ACCOUNT:root) is allowed in its own account unless a \
            Deny, an SCP or an RCP says otherwise. A NotPrincipal Deny exempts only a caller listed with \
            its account (a role session with its role too), and never a caller given a --boundary. \
            Partitions (aws, aws-cn, aws-us-gov, …) are separate: a principal ARN names callers of its \
            own partition only, and a resource of another partition is never reached.

            Same account or not (reference/iam.md §2.4) comes from --resource-account, else from the \
            resource ARN's account; an ARN without one (S3, apigateway) is the caller's. A resource \
            policy written with the `execute-api:/stage/METHOD/path` shorthand is expanded for the API \
            that --resource names, as API Gateway does when the policy is saved.

            Examples:
              gatehouse policy eval --policy invoke.json --principal arn:aws:iam::111122223333:user/alice \\
                  --action execute-api:Invoke \\
                  --resource arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets --explain
              gatehouse policy eval --policy id.json --resource-policy api.json \\
                  --principal arn:aws:sts::444455556666:assumed-role/ci/run-7 --action execute-api:Invoke \\
                  --resource arn:aws:execute-api:us-east-1:111122223333:abc123/prod/POST/deploy \\
                  --context aws:SourceIp=203.0.113.9 --output json
              gatehouse policy eval --policy tags.yaml --principal arn:aws:iam::111122223333:user/bob \\
                  --action s3:GetObject --resource arn:aws:s3:::reports/q3.csv \\
                  --context aws:PrincipalTag/team=finance --context-file ctx.json
            """
    )

    @Option(help: "An identity policy file; repeatable.")
    var policy: [String] = []
    @Option(name: .customLong("resource-policy"), help: "A resource-based policy file (an API's resource policy).")
    var resourcePolicy: String?
    @Option(
        name: .customLong("resource-account"),
        help: "The account owning the resource. Default: the resource ARN's, else the principal's."
    )
    var resourceAccount: String?
    @Option(help: "A permissions boundary file.")
    var boundary: String?
    @Option(help: "A service control policy file; repeatable (one level of the organization).")
    var scp: [String] = []
    @Option(help: "A resource control policy file; repeatable.")
    var rcp: [String] = []
    @Option(name: .customLong("session-policy"), help: "A session policy file.")
    var sessionPolicy: String?
    @Option(help: "The caller: a user, role-session, federated-user or root ARN, or `anonymous`.")
    var principal: String
    @Option(
        name: .customLong("federating-user"),
        help: "For a federated-user caller: the IAM user ARN that created the session."
    )
    var federatingUser: String?
    @Option(help: "The action, such as execute-api:Invoke.")
    var action: String
    @Option(help: "The resource ARN.")
    var resource: String
    @Option(
        help: """
            A context value, key=value; repeat a key (same spelling) for a multivalued key. Key names are \
            case-insensitive: two spellings of one key are an error.
            """
    )
    var context: [String] = []
    @Option(
        name: .customLong("context-file"),
        help: """
            A JSON object of context values: {"key": "value" | ["v1", "v2"]}. --context adds to it and \
            replaces a key it also names (in any case).
            """
    )
    var contextFile: String?
    @Flag(help: "Print every statement of every policy with why it applied or not.")
    var explain = false
    @Option(help: "text or json.")
    var output: VerifyCommand.Output = .text

    func run() async throws {
        func load(_ path: String, _ kind: PolicyKind) throws -> NamedPolicy {
            NamedPolicy(name: path, document: try PolicyFiles.load(path, kind: kind))
        }
        let fileValues =
            try contextFile.map {
                try Self.contextValues(readFile($0, option: "--context-file", limit: FileLimit.policy))
            } ?? []
        let request = AuthorizationRequest(
            action: action,
            resource: resource,
            context: try Self.requestContext(file: fileValues, flags: context)
        )
        let caller = try PolicyFiles.caller(principal, federatingUser: federatingUser)
        let set = CompiledPolicySet(
            IdentityPolicySet(
                identity: try policy.map { try load($0, .identity) },
                permissionsBoundary: try boundary.map { try load($0, .permissionsBoundary) },
                sessionPolicy: try sessionPolicy.map { try load($0, .session) },
                serviceControlPolicies: try scp.map { try load($0, .serviceControl) },
                resourceControlPolicies: try rcp.map { try load($0, .resourceControl) }
            ),
            resourcePolicy: PolicyFiles.expandShorthand(
                try resourcePolicy.map { try load($0, .resource) },
                for: resource
            )
        )
        let same = PolicyFiles.sameAccount(
            caller: caller,
            resource: resource,
            resourceAccount: resourceAccount,
            given: nil
        )
        let decision: Decision
        switch (output, explain) {
        case (.json, true):
            let explanation = set.explain(request, caller: caller, sameAccount: same)
            decision = explanation.decision
            print(JSONLines.pretty(PolicyFiles.render(explanation)))
        case (.json, false):
            decision = set.evaluate(request, caller: caller, sameAccount: same)
            print(JSONLines.pretty(PolicyFiles.render(decision)))
        case (.text, true):
            let explanation = set.explain(request, caller: caller, sameAccount: same)
            decision = explanation.decision
            print(PolicyFiles.text(explanation))
        case (.text, false):
            decision = set.evaluate(request, caller: caller, sameAccount: same)
            print(decision.outcome.rawValue)
        }
        if !decision.isAllowed { throw ExitCode(ExitStatus.negative) }
    }

    /// The request context from `--context-file` and `--context` flags. Condition key names are
    /// case-insensitive, so two spellings of one key in the file, or among the flags, are an input
    /// error naming both (never one silently winning); a flag replaces the file's value for its key
    /// whatever the case (the command line overrides the file). A key repeated with one spelling
    /// among the flags is multivalued.
    static func requestContext(file: [(String, RequestContext.Value)], flags: [String]) throws -> RequestContext {
        // Keys are found by their lowercased spelling in a dictionary: one lookup per flag, so n
        // flags cost O(n) here, not a linear search per flag.
        var added: [(key: String, values: [String])] = []
        var positions: [String: Int] = [:]
        for entry in flags {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw CLIError("--context `\(entry)` is not key=value")
            }
            let key = String(entry[..<equals])
            let value = String(entry[entry.index(after: equals)...])
            let lowered = key.lowercased()
            if let position = positions[lowered] {
                guard added[position].key == key else {
                    throw CLIError(
                        "--context: \(RequestContext.DuplicateKey(first: added[position].key, second: key))"
                    )
                }
                added[position].values.append(value)
            } else {
                positions[lowered] = added.count
                added.append((key, [value]))
            }
        }
        let overridden = Set(positions.keys)
        var pairs = file.filter { !overridden.contains($0.0.lowercased()) }
        for (key, values) in added { pairs.append((key, values.count == 1 ? .single(values[0]) : .multiple(values))) }
        do {
            return try RequestContext(uniqueKeys: pairs)
        } catch {
            throw CLIError("--context-file: \(error)")
        }
    }

    /// `--context-file`: a JSON object of strings, numbers, booleans or lists of them, in order.
    static func contextValues(_ bytes: [UInt8]) throws -> [(String, RequestContext.Value)] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw CLIError("--context-file: \(error)")
        }
        guard case .object(let members) = root.value else { throw CLIError("--context-file must hold a JSON object") }
        func text(_ node: JSONNode, _ key: String) throws -> String {
            switch node.value {
            case .string(let value), .number(let value): return value
            case .bool(let value): return value ? "true" : "false"
            default:
                throw CLIError(
                    "--context-file: `\(key)` (line \(node.location.line)) must be a string, number, boolean or list"
                )
            }
        }
        var values: [(String, RequestContext.Value)] = []
        for (key, node) in members {
            if case .array(let list) = node.value {
                values.append((key, .multiple(try list.map { try text($0, key) })))
            } else {
                values.append((key, .single(try text(node, key))))
            }
        }
        return values
    }
}
