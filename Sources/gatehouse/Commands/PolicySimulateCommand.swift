import ArgumentParser
import GatehouseCore
import IAMPolicy

struct PolicySimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Decide many cases in one process: a JSON array in, a JSON array of decisions out, in order.",
        discussion: """
            Input: [{"policies": {"identity": [doc…], "resource": [doc], "boundary": [doc], "scp": [doc…], \
            "rcp": [doc…], "session": [doc]}, "request": {"principal": "arn…", "action": "svc:Action", \
            "resource": "arn…", "context": {"key": "value" | ["v1", "v2"]}, "sameAccount": bool?, \
            "resourceAccount": "…"?, "federatingUser": "arn…"?}}]

            Every `policies` key is optional; `boundary`, `session` and `resource` hold at most one \
            document each (a second is an input error, never ignored). No `principal` means an \
            anonymous caller. Same account \
            or not comes from `sameAccount`, else `resourceAccount`, else the resource ARN's account \
            against the principal's. Context strings are single-valued, lists multivalued; key names \
            are case-insensitive, so two spellings of one key are an input error. Every field has \
            exactly the type shown; another type (null included) or an unknown field is an input \
            error naming it — a `principal` that is not a string never means an anonymous caller.

            Output: [{"decision": "Allow" | "ExplicitDeny" | "ImplicitDeny", "matchedStatements": \
            ["layer:policy:statement"…], "diagnostics": […]}], with "explanation" under --explain; a \
            case whose policies do not load gives {"error": "…"} in its place and the exit status is 2.

            Example:
              gatehouse policy simulate --input cases.json
              generate-cases | gatehouse policy simulate --input - --explain
            """
    )

    @Option(help: "The cases file, or - for stdin.")
    var input: String
    @Flag(help: "Add every statement's explanation to each result.")
    var explain = false

    func run() async throws {
        var limits = JSONParser.Limits()
        limits.maxBytes = 256 * 1024 * 1024
        let root: JSONNode
        do {
            root = try JSONParser.parse(
                try readFile(input, option: "--input", limit: FileLimit.simulate),
                limits: limits
            )
        } catch let error as JSONError {
            throw CLIError("--input: \(error)")
        }
        guard case .array(let cases) = root.value else { throw CLIError("--input must hold a JSON array of cases") }
        var results: [[String: Any]] = []
        var failed = false
        for (index, item) in cases.enumerated() {
            do {
                results.append(try PolicyFiles.simulate(item, explain: explain))
            } catch {
                failed = true
                results.append(["error": "case \(index): \(error)"])
            }
        }
        // Policy and request text can hold bidi overrides and C1 controls: `print` (SafeOutput)
        // escapes them as `\uXXXX`, so the JSON means the same.
        print(JSONLines.pretty(results))
        if failed { throw ExitCode(ExitStatus.usage) }
    }
}
