import Authorizers
import Testing

/// A command's `PATH` holds absolute folders only (issue 16 E22, review x3): a relative entry
/// would let the command's own children (`sh -c`, `env`) find a planted program in the working
/// folder, though the runner never looks there for the program itself.
@Suite("Command PATH")
struct CommandSearchPathTests {
    static let relative = ["", ".", "./", "..", "../bin", "bin", "./bin", "~", "~/bin", " /usr/bin", "$HOME/bin"]

    @Test("relative entries are dropped wherever they stand; absolute ones keep their order", arguments: relative)
    func dropsRelative(entry: String) {
        for path in [
            "\(entry):/usr/bin:/bin", "/usr/bin:\(entry):/bin", "/usr/bin:/bin:\(entry)", "\(entry)::\(entry):/bin",
        ] {
            let kept = LocalCommandFunction.absoluteSearchPath(path)
            #expect(
                kept.split(separator: ":", omittingEmptySubsequences: false).allSatisfy { $0.hasPrefix("/") },
                "\(path) → \(kept)"
            )
            #expect(kept.hasSuffix("/bin"))
        }
        #expect(LocalCommandFunction.absoluteSearchPath(entry) == "/usr/local/bin:/usr/bin:/bin")
    }

    @Test("the Lambda environment's PATH is absolute, from the parent or from the configuration", arguments: relative)
    func lambdaEnvironment(entry: String) {
        let inherited = LocalCommandFunction.lambdaEnvironment(
            functionName: "a",
            inheritingFrom: ["PATH": "\(entry):/opt/tools/bin:\(entry)"]
        )
        #expect(inherited["PATH"] == "/opt/tools/bin")
        let configured = LocalCommandFunction.lambdaEnvironment(
            functionName: "a",
            adding: ["PATH": "\(entry):/opt/x"],
            inheritingFrom: ["PATH": "/usr/bin"]
        )
        #expect(configured["PATH"] == "/opt/x")
    }
}
