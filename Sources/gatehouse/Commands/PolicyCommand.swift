import ArgumentParser
import Foundation
import IAMPolicy

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Evaluate IAM-style policies offline.",
        subcommands: [PolicyEvalCommand.self, PolicySimulateCommand.self]
    )
}

struct PolicyEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decide one request against policy files: Allow, ExplicitDeny or ImplicitDeny, and why.",
        discussion: """
            Exit status: 0 Allow, 1 a deny, 2 a usage or input error (a policy that does not load names its \
            line, column and JSON path).

            Examples:
              gatehouse policy eval --policy invoke.json --principal arn:aws:iam::111122223333:user/alice \\
                  --action execute-api:Invoke \\
                  --resource arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets --explain
              gatehouse policy eval --policy id.json --resource-policy api.json --resource-account 111122223333 \\
                  --principal arn:aws:sts::444455556666:assumed-role/ci/run-7 --action execute-api:Invoke \\
                  --resource arn:aws:execute-api:us-east-1:111122223333:abc123/prod/POST/deploy \\
                  --context aws:SourceIp=203.0.113.9 --output json
            """
    )

    @Option(help: "An identity policy file; repeatable.")
    var policy: [String] = []
    @Option(name: .customLong("resource-policy"), help: "A resource-based policy file (an API's resource policy).")
    var resourcePolicy: String?
    @Option(name: .customLong("resource-account"), help: "The account owning the resource. Default: the principal's.")
    var resourceAccount: String?
    @Option(help: "A permissions boundary file.")
    var boundary: String?
    @Option(help: "A service control policy file; repeatable.")
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
    @Option(help: "A context value, key=value; repeat a key for a multivalued key.")
    var context: [String] = []
    @Flag(help: "Show the statements that decided and every diagnostic.")
    var explain = false
    @Option(help: "text or json.")
    var output: VerifyCommand.Output = .text

    func run() async throws {
        func load(_ path: String, _ kind: PolicyKind) throws -> NamedPolicy {
            NamedPolicy(name: path, document: try PolicyFiles.load(path, kind: kind))
        }
        var values: [String: [String]] = [:]
        for entry in context {
            guard let equals = entry.firstIndex(of: "=") else {
                throw CLIError("--context `\(entry)` is not key=value")
            }
            values[String(entry[..<equals]), default: []].append(String(entry[entry.index(after: equals)...]))
        }
        let request = AuthorizationRequest(
            action: action,
            resource: resource,
            context: RequestContext(values.mapValues { $0.count == 1 ? .single($0[0]) : .multiple($0) })
        )
        let policies = IdentityPolicySet(
            identity: try policy.map { try load($0, .identity) },
            permissionsBoundary: try boundary.map { try load($0, .permissionsBoundary) },
            sessionPolicy: try sessionPolicy.map { try load($0, .session) },
            serviceControlPolicies: try scp.map { try load($0, .serviceControl) },
            resourceControlPolicies: try rcp.map { try load($0, .resourceControl) }
        )
        let decision = PolicyEvaluator.evaluate(
            request,
            caller: try PolicyFiles.caller(principal, federatingUser: federatingUser),
            policies: policies,
            resourcePolicy: try resourcePolicy.map { try load($0, .resource) },
            resourceAccount: resourceAccount
        )
        switch output {
        case .json: print(JSONLines.pretty(PolicyFiles.render(decision)))
        case .text:
            print(decision.outcome.rawValue)
            if explain {
                for statement in decision.matchedStatements { print("  decided by \(statement)") }
                for diagnostic in decision.diagnostics { print("  note: \(diagnostic)") }
            }
        }
        if !decision.isAllowed { throw ExitCode(ExitStatus.negative) }
    }
}

struct PolicySimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Decide many cases in one process: a JSON array in, a JSON array of decisions out, in order.",
        discussion: """
            Input: [{"policies": {"identity": [doc…], "resource": [doc], "boundary": [doc], "scp": [doc…], \
            "rcp": [doc…], "session": [doc]}, "request": {"principal": "arn…", "action": "svc:Action", \
            "resource": "arn…", "context": {"key": "value" | ["v1", "v2"]}, "resourceAccount": "…"?, \
            "federatingUser": "arn…"?}}]. \
            Every `policies` key is optional. Output: [{"decision", "matchedStatements", "diagnostics"}] \
            or, for a case whose policies do not load, {"error": "…"}.

            Example:
              gatehouse policy simulate --input cases.json
            """
    )

    @Option(help: "The cases file, or - for stdin.")
    var input: String

    func run() async throws {
        let data = Data(try readFile(input, option: "--input"))
        guard let cases = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CLIError("--input must hold a JSON array of cases")
        }
        var results: [[String: Any]] = []
        for (index, item) in cases.enumerated() {
            do {
                results.append(PolicyFiles.render(try PolicyFiles.simulate(item)))
            } catch let error as PolicyError {
                results.append(["error": "case \(index): \(error)"])
            } catch {
                results.append(["error": "case \(index): \(error)"])
            }
        }
        print(JSONLines.pretty(results))
    }
}

/// Loading policy files and simulate cases; rendering decisions.
enum PolicyFiles {
    static func load(_ path: String, kind: PolicyKind) throws -> PolicyDocument {
        let bytes = try readFile(path, option: "policy file")
        do {
            return try PolicyDocument.parse(bytes, kind: kind)
        } catch {
            throw CLIError("\(path):\(error.line):\(error.column): \(error.path): \(error.message) [\(error.code)]")
        }
    }

    static func caller(_ text: String, federatingUser: String? = nil) throws -> Caller {
        if text == "anonymous" { return .anonymous }
        guard let caller = Caller(arn: text, federatingUserArn: federatingUser) else {
            throw CLIError(
                "`\(text)` is not a caller: use an IAM user, role-session (arn:aws:sts::…:assumed-role/…/…), federated-user or root ARN, or `anonymous`"
            )
        }
        return caller
    }

    static func simulate(_ item: [String: Any]) throws -> Decision {
        let policies = item["policies"] as? [String: Any] ?? [:]
        func documents(_ key: String, _ kind: PolicyKind) throws -> [NamedPolicy] {
            guard let list = policies[key] else { return [] }
            guard let array = list as? [Any] else { throw CLIError("`policies.\(key)` must be an array of documents") }
            return try array.enumerated().map { index, document in
                let data = try JSONSerialization.data(withJSONObject: document)
                return NamedPolicy(
                    name: "\(key)[\(index)]",
                    document: try PolicyDocument.parse(Array(data), kind: kind)
                )
            }
        }
        guard let request = item["request"] as? [String: Any], let action = request["action"] as? String,
            let resource = request["resource"] as? String
        else { throw CLIError("`request` needs `action` and `resource`") }
        var context = RequestContext()
        for (key, value) in request["context"] as? [String: Any] ?? [:] {
            if let list = value as? [Any] {
                context[key] = .multiple(list.map { "\($0)" })
            } else {
                context[key] = .single("\(value)")
            }
        }
        let principal = request["principal"] as? String
        return PolicyEvaluator.evaluate(
            AuthorizationRequest(action: action, resource: resource, context: context),
            caller: try principal.map { try caller($0, federatingUser: request["federatingUser"] as? String) },
            policies: IdentityPolicySet(
                identity: try documents("identity", .identity),
                permissionsBoundary: try documents("boundary", .permissionsBoundary).first,
                sessionPolicy: try documents("session", .session).first,
                serviceControlPolicies: try documents("scp", .serviceControl),
                resourceControlPolicies: try documents("rcp", .resourceControl)
            ),
            resourcePolicy: try documents("resource", .resource).first,
            resourceAccount: request["resourceAccount"] as? String
        )
    }

    static func render(_ decision: Decision) -> [String: Any] {
        [
            "decision": decision.outcome.rawValue,
            "matchedStatements": decision.matchedStatements.map(\.description),
            "diagnostics": decision.diagnostics,
        ]
    }
}
