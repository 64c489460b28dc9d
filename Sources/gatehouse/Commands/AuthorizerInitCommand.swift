import ArgumentParser
import Authorizers
import Foundation
import GatehouseCore
import HTTPTypes
import IAMPolicy

struct AuthorizerInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter authorizer (validates a bearer JWT against a JWKS and returns a policy).",
        discussion: """
            python and node run unchanged on Lambda, behind the Invoke API (sam local start-lambda) and \
            as a local command; swift is a native authorizer for programs embedding the Authorizers \
            library. Each comes with a README and (python, node) a gatehouse-authorizers.json for \
            `gatehouse authorizer test`.

            Example:
              gatehouse authorizer init --template python my-authorizer
            """
    )

    enum Template: String, ExpressibleByArgument, CaseIterable { case python, node, swift }

    @Option(help: "python, node or swift.")
    var template: Template
    @Argument(help: "The folder to create (must not hold files of the same names).")
    var directory: String

    func run() async throws {
        let files: [(String, String)]
        switch template {
        case .python: files = PythonTemplate.files
        case .node: files = NodeTemplate.files
        case .swift: files = SwiftTemplate.files
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, _) in files
        where FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) {
            throw CLIError("\(directory)/\(name) exists; nothing was written")
        }
        for (name, contents) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: Data((contents + "\n").utf8)) else {
                throw CLIError("cannot write \(path)")
            }
        }
        printError("wrote \(files.map(\.0).joined(separator: ", ")) to \(directory)/")
    }
}
