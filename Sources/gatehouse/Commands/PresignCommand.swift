import ArgumentParser
import Foundation
import SigV4

struct PresignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presign",
        abstract: "Print a presigned URL (shortcut for `sign --presign --output url`).",
        discussion: """
            Examples:
              gatehouse presign https://abc123.execute-api.us-east-1.amazonaws.com/prod/report --expires 300
              gatehouse presign https://bucket.s3.eu-west-1.amazonaws.com/photo.jpg --expires 86400
            """
    )

    @Argument(help: "The URL to presign.")
    var url: String

    @Option(name: [.customShort("X"), .customLong("request")], help: "The HTTP method the URL is for.")
    var method: String = "GET"

    @Option(
        name: [.customShort("H"), .customLong("header")],
        help: "A header the URL's user must send, `Name: value`; repeatable."
    )
    var headers: [String] = []

    @OptionGroup var signing: SigningOptions

    func run() async throws {
        var input = try RequestInput.parse([url, "-X", method] + headers.flatMap { ["-H", $0] })
        input.scheme = "https"
        var signing = self.signing
        signing.presign = true
        let (request, parts) = try input.load()
        let signer = try signing.signer(host: parts.host)
        let signed = try signer.sign(request, at: try signing.date())
        print(parts.url(target: signed.request.target))
    }
}
