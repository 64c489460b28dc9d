import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import Gateway
import HTTPTypes
import IAMPolicy

struct AuthorizerTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Invoke an authorizer for one request: the event sent, the response, the cache key and the decision.",
        discussion: """
            Like API Gateway's test-invoke-authorizer. The request comes from --method-arn (its stage, \
            verb and path), --header, --query, --stage-variable and --token (which sets the TOKEN \
            authorizer's header). With --repeat the same request runs again to show the result cache \
            (and --then-method-arn shows a cached result judged for another method).

            Exit status: 0 allowed, 1 refused (401, 403, 414 or 500 — printed with AWS's body), 2 a \
            usage or configuration error.

            The configuration file is JSON (or YAML): {"authorizers": {NAME: {"type": "TOKEN" | \
            "REQUEST" | "HTTP", "identitySource", "identityValidationExpression"?, \
            "resultTtlInSeconds"? (integer 0–3600, default 300), "timeoutSeconds"? (integer 1–29, \
            HTTP 1–10, default 10), "function": {"command": [...]} | {"lambda": {"endpoint", "name"}} \
            | {"jwtBearer": {...}} | {"introspection": {...}}}}} — see `gatehouse authorizer init`. \
            Every field has exactly one JSON type and range: a field of another type (`"0"` for 0), \
            out of range or unknown is a configuration error naming it, never a default.

            A "command" function runs like a Lambda invocation. Its program is a name looked up in \
            PATH only (never the config's or the current folder), or a path with a `/` (relative \
            to the config's folder: ["./auth.sh"]). It inherits none of this shell's variables (no \
            AWS keys): it gets PATH, LANG, TZ=:UTC, AWS_LAMBDA_FUNCTION_NAME (the authorizer's \
            name), AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_REGION, \
            AWS_DEFAULT_REGION and LAMBDA_TASK_ROOT (the config's folder), plus "environment": \
            {"NAME": "value"} beside "command". It runs in a process group of its own: at the \
            timeout the whole group is ended, and what it leaves running when it exits is killed.

            Remote functions and keys (`lambda.endpoint`, a `jwtBearer` `jwks` URL, `discovery`'s \
            issuer and its `jwks_uri`, `introspection.endpoint`) are https, or plain http only to this \
            machine (127.0.0.0/8, [::1] or `localhost`, judged on the parsed host; user names and \
            passwords in URLs are refused). Redirects are not followed, and each exchange — connect, \
            head and body — ends at `timeoutSeconds` (1.5 s for a key set). A key set from a URL never \
            supplies `oct` (shared-secret) keys. `introspection` needs `audiences` (the token's `aud` \
            must name one) and may require a `tokenType`; `active` must be exactly `true`.

            Examples:
              gatehouse authorizer test --config gatehouse-authorizers.json --authorizer jwt \\
                  --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets --token "Bearer $TOKEN"
              gatehouse authorizer test --config authorizers.yaml --authorizer tenant \\
                  --method-arn arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders \\
                  --header 'X-Tenant: acme' --query 'key=k1' --output json
            """
    )

    @Option(help: "The authorizer configuration file (JSON or YAML).")
    var config: String
    @Option(help: "Which authorizer of the file.")
    var authorizer: String
    @Option(name: .customLong("method-arn"), help: "arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH")
    var methodArn: String
    @Option(help: "A request header, 'Name: value'; repeatable.")
    var header: [String] = []
    @Option(
        help:
            "A query parameter as sent in the URL, name=value: `%` and two hex digits is a byte, `+` a space; any other `%` or bytes that are not UTF-8 are refused (401). Repeatable."
    )
    var query: [String] = []
    @Option(name: .customLong("stage-variable"), help: "A stage variable, name=value; repeatable.")
    var stageVariable: [String] = []
    @Option(help: "The token: sets the header a TOKEN authorizer reads (Authorization by default).")
    var token: String?
    @Option(name: .customLong("source-ip"), help: "The caller's address.")
    var sourceIP = "127.0.0.1"
    @Option(
        name: .customLong("repeat"),
        help: "Run the request this many times (to see the cache). \(OptionRange.repetitions.help)",
        transform: OptionRange.repetitions.parse
    )
    var repetitions = 1
    @Option(
        name: .customLong("then-method-arn"),
        help: "After the first run, judge this method ARN too (cache scoping)."
    )
    var thenMethodArn: String?
    @Option(help: "text or json.")
    var output: VerifyCommand.Output = .text
    @Flag(
        name: .customLong("show-secrets"),
        help:
            "Print identity values (tokens) in full. By default they are redacted: by position (the source headers, query parameters, stage variables and the cache key, in every spelling) and by value elsewhere (8 bytes or longer inside text; shorter only as whole values)."
    )
    var showSecrets = false

    func run() async throws {
        guard (1...100).contains(repetitions) else { throw ValidationError("--repeat is 1 to 100") }
        let file = try AuthorizerConfigFile(path: config)
        let transport = AsyncHTTPTransport()
        let result: Result<Bool, any Error>
        do {
            result = .success(try await evaluate(file, transport: transport))
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()
        if try !result.get() { throw ExitCode(ExitStatus.negative) }
    }

    /// The command's clock: read at the edge of each evaluation (wall time for the event and the
    /// policy's context, monotonic time for the result cache) and handed down.
    private static let clock: any GatehouseClock = SystemClock()

    private func evaluate(_ file: AuthorizerConfigFile, transport: AsyncHTTPTransport) async throws -> Bool {
        let entry = try await file.entry(authorizer, path: config, transport: transport, clock: Self.clock)
        let lambda = LambdaAuthorizer(
            configuration: entry.configuration,
            function: entry.function,
            timeout: entry.timeout
        )
        var arns = Array(repeating: methodArn, count: repetitions)
        if let thenMethodArn { arns.append(thenMethodArn) }
        var reports: [[String: Any]] = []
        var allowed = true
        for arn in arns {
            let request = try makeRequest(arn, configuration: entry.configuration)
            let started = ContinuousClock.now
            let evaluation = await lambda.authorize(request, now: Self.clock.now())
            let elapsed = ContinuousClock.now - started
            var report = Self.report(evaluation, methodArn: arn, elapsed: elapsed)
            if !showSecrets {
                report = ReportRedaction(
                    sources: entry.configuration.identitySources,
                    request: request,
                    identityValues: evaluation.identityValues
                ).redact(report, key: evaluation.cacheKey)
            }
            reports.append(report)
            if case .failure = evaluation.outcome, arn == methodArn { allowed = false }
            if output == .text { print(Self.text(report)) }
        }
        if output == .json { print(JSONLines.pretty(reports.count == 1 ? reports[0] : reports)) }
        return allowed
    }

    /// The request the gateway would hand the authorizer: an `HTTPRequest` to the execute-api
    /// host (`/{stage}/{path}?{query}`), the route the ARN names and the caller's address.
    private func makeRequest(_ arn: String, configuration: LambdaAuthorizerConfiguration) throws -> AuthorizerRequest {
        guard let parsed = ExecuteAPIARN(arn) else {
            throw CLIError("--method-arn `\(arn)` is not arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH")
        }
        guard let method = HTTPRequest.Method(parsed.method) else {
            throw CLIError("--method-arn `\(arn)`: `\(parsed.method)` is not an HTTP method")
        }
        var fields = HTTPFields()
        var authority: String? = nil
        func add(_ name: String, _ value: String, option: String) throws {
            guard let fieldName = HTTPField.Name(name) else {
                throw CLIError("\(option) `\(name)` is not an HTTP header name")
            }
            // The host travels in `:authority`, as a parsed HTTP/1.1 request holds it.
            if fieldName.canonicalName == "host" && authority == nil {
                authority = value
            } else {
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        for entry in header {
            guard let colon = entry.firstIndex(of: ":") else {
                throw CLIError("--header `\(entry)` is not 'Name: value'")
            }
            try add(
                String(entry[..<colon]),
                entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces),
                option: "--header"
            )
        }
        if let token {
            var name = "Authorization"
            if case .header(let source)? = configuration.identitySources.first { name = source }
            try add(name, token, option: "the token's header")
        }
        func pairs(_ list: [String], _ option: String) throws -> [(String, String)] {
            try list.map { entry in
                guard let equals = entry.firstIndex(of: "=") else {
                    throw CLIError("\(option) `\(entry)` is not name=value")
                }
                return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
            }
        }
        let queryPairs = try pairs(query, "--query")
        let rawQuery = queryPairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let http = HTTPRequest(
            method: method,
            scheme: "https",
            authority: authority,
            path: "/\(parsed.stage)/\(parsed.path)" + (rawQuery.isEmpty ? "" : "?" + rawQuery),
            headerFields: fields
        )
        let route = AuthorizerRequest.Route(
            partition: parsed.partition,
            region: parsed.region,
            accountId: parsed.account,
            apiId: parsed.apiId,
            stage: parsed.stage,
            resource: "/" + parsed.path,
            pathPrefix: "/" + parsed.stage,
            stageVariables: try pairs(stageVariable, "--stage-variable"),
            routeKey: "\(parsed.method) /\(parsed.path)"
        )
        let request = AuthorizerRequest(
            http,
            route: route,
            peer: AuthorizerRequest.Peer(sourceIp: sourceIP),
            requestId: UUID().uuidString.lowercased(),
            time: Self.clock.wallNow
        )
        // The ARN is rebuilt from the route and the request: it must name the same method.
        guard request.methodArn == parsed.description else {
            throw CLIError("--method-arn `\(arn)`: its path does not survive as a request path (`?` or `#` in it?)")
        }
        return request
    }

    static func report(_ evaluation: AuthorizerEvaluation, methodArn: String, elapsed: Duration) -> [String: Any] {
        var report: [String: Any] = [
            "methodArn": methodArn,
            "cacheKey": evaluation.cacheKey.map { $0.text as Any } ?? NSNull(),
            "cacheHit": evaluation.cacheHit,
            "latencyMs": Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(
                elapsed.components.seconds
            ) * 1000,
            "event": evaluation.event.map { JWTSupport.foundation($0) } ?? NSNull(),
            "response": evaluation.response.map { String(decoding: $0, as: UTF8.self) } ?? NSNull(),
        ]
        switch evaluation.outcome {
        case .success(let grant):
            report["decision"] = "Allow"
            report["status"] = 200
            report["principalId"] = grant.principalId ?? NSNull()
            report["context"] = JWTSupport.foundation(.members(grant.context))
            report["usageIdentifierKey"] = grant.usageIdentifierKey ?? NSNull()
            report["matchedStatements"] = grant.decision?.matchedStatements.map(\.description) ?? []
        case .failure(let denial):
            report["decision"] = denial.kind.rawValue
            report["status"] = denial.status
            report["body"] = denial.body
            report["errorType"] = denial.errorType
            report["gatewayResponseType"] = denial.gatewayResponseType
            report["reason"] = denial.reason
        }
        return report
    }

    static func text(_ report: [String: Any]) -> String {
        // Every field may hold the function's or the request's bytes: one line each, escaped
        // (a newline in a principalId must not forge a `decision:` line, CWE-117). The raw
        // response keeps its lines, each indented, so none can pass for one of ours.
        func field(_ key: String) -> String { TerminalText.escape(report[key].map { "\($0)" } ?? "") }
        var lines: [String] = []
        lines.append("method ARN: \(field("methodArn"))")
        lines.append(
            "cache key: \(TerminalText.escape(report["cacheKey"] as? String ?? "(caching off)"))\((report["cacheHit"] as? Bool) == true ? " — hit, function not called" : "")"
        )
        if let event = report["event"], !(event is NSNull) { lines.append("event sent:\n" + JSONLines.pretty(event)) }
        if let response = report["response"] as? String {
            let body = response.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + TerminalText.escape(String($0)) }
            lines.append("response:\n" + (body.last == "  " ? body.dropLast() : body[...]).joined(separator: "\n"))
        }
        if report["decision"] as? String == "Allow" {
            lines.append("decision: Allow (200) principalId \(field("principalId"))")
            if let statements = report["matchedStatements"] as? [String], !statements.isEmpty {
                lines.append("allowed by: \(TerminalText.escape(statements.joined(separator: ", ")))")
            }
        } else {
            lines.append(
                "decision: \(field("decision")) → \(field("status")) \(field("errorType")) \(field("body"))"
            )
            lines.append("reason (execution log): \(field("reason"))")
        }
        lines.append(String(format: "latency: %.1f ms", report["latencyMs"] as? Double ?? 0))
        return lines.joined(separator: "\n") + "\n"
    }
}
