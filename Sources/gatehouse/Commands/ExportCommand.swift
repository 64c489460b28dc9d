import ArgumentParser
import Foundation
import GatewayConfig

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print an API as an OpenAPI 3 document with its x-amazon-apigateway-* extensions.",
        discussion: """
            Reads what `gatehouse serve` would serve (--config, --openapi, or the embedded demo with \
            neither) and prints one API as OpenAPI 3.0 JSON: integrations, authorizers, the resource \
            policy, gateway responses and the rest as x-amazon-apigateway-* extensions, so that \
            `gatehouse serve --openapi` on the output serves the same routes. A running server gives \
            the same document at GET /_gatehouse/apis/{id}/export.

            The demo API:
              gatehouse export > demo-openapi.json

            One API of a configuration file, by name, into a file:
              gatehouse export --config gatehouse.yaml --api pets --output pets-openapi.json

            A round trip (import, export, import again):
              gatehouse export --openapi sam-api.yaml > exported.json
              gatehouse serve --openapi exported.json --check
            """
    )

    @Option(help: ArgumentHelp("Gatehouse's own configuration, YAML or JSON.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("openapi"), help: ArgumentHelp("An OpenAPI document; repeatable.", valueName: "file"))
    var openAPI: [String] = []

    @Option(help: ArgumentHelp("The API's name (needed when several are loaded).", valueName: "name"))
    var api: String?

    @Option(help: ArgumentHelp("Write the document here instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let sources = ServeSources(config: config, openAPI: openAPI, stageName: nil, stageSettings: nil)
        let configuration = try sources.load()
        let names = configuration.apis.map(\.definition.name)
        let chosen: ConfiguredAPI
        if let api {
            guard let found = configuration.apis.first(where: { $0.definition.name == api }) else {
                throw CLIError("no API named `\(api)` (loaded: \(names.map { "`\($0)`" }.joined(separator: ", ")))")
            }
            chosen = found
        } else {
            guard configuration.apis.count == 1 else {
                throw CLIError(
                    "\(configuration.apis.count) APIs are loaded (\(names.map { "`\($0)`" }.joined(separator: ", "))): name one with --api"
                )
            }
            chosen = configuration.apis[0]
        }
        let text = OpenAPIExport.text(chosen.definition) + "\n"
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw CLIError("cannot write `\(output)`")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
