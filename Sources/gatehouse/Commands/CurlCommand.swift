import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SigV4

struct CurlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curl",
        abstract: "Sign a request and send it, like curl (or awscurl, but correct).",
        discussion: """
            The body of the response goes to stdout. With --fail, an HTTP status of 400 or more \
            exits 22 and prints nothing, as curl does. Connection failures exit 7, time-outs 28. \
            -v shows the request and response headers on stderr, with Authorization and tokens \
            redacted; a presigned URL's X-Amz-Signature and X-Amz-Security-Token values are \
            redacted wherever a URL is printed (-v, error messages), in any spelling of their names.

            Examples:
              gatehouse curl https://abc123.execute-api.us-east-1.amazonaws.com/prod/items
              gatehouse curl -X POST -H 'Content-Type: application/json' -d '{"name":"x"}' \\
                  https://abc123.execute-api.us-east-1.amazonaws.com/prod/items -i
              gatehouse curl --service execute-api --region us-east-1 http://127.0.0.1:8080/prod/items -v
            """
    )

    @OptionGroup var input: RequestInput
    @OptionGroup var signing: SigningOptions

    @Flag(
        name: [.customShort("i"), .customLong("include")],
        help: "Print the status line and response headers before the body."
    )
    var include = false

    @Flag(
        name: [.customShort("v"), .customLong("verbose")],
        help: "Print request and response headers to stderr (secrets redacted)."
    )
    var verbose = false

    @Flag(name: [.customShort("f"), .customLong("fail")], help: "Exit 22 without output on HTTP status ≥ 400.")
    var fail = false

    @Option(
        name: [.customShort("m"), .customLong("max-time")],
        help: "Give up after this many seconds. \(OptionRange.maxTime.help)",
        transform: OptionRange.maxTime.parse
    )
    var maxTime: Int = 60

    func validate() throws {
        guard maxTime >= 1 else { throw ValidationError("--max-time must be at least 1 second") }
    }

    func run() async throws {
        let (request, parts) = try input.load()
        let signer = try signing.signer(host: parts.host)
        let signed = try signer.sign(request, at: try signing.date())
        let url = parts.url(target: signed.request.target)

        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: signed.request.method)
        for header in signed.request.headers where header.name.lowercased() != "content-length" {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if outgoing.headers["user-agent"].isEmpty {
            outgoing.headers.add(name: "User-Agent", value: "gatehouse/\(Gatehouse.version)")
        }
        if !signed.request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: signed.request.body))
        }
        if verbose {
            // Presigned targets carry the signature and token in the query: redacted as in
            // header mode.
            var lines = [
                "> \(signed.request.method) \(signed.request.target) HTTP/1.1"
            ]
            for header in outgoing.headers {
                lines.append("> \(header.name): \(Redaction.redactedValue(name: header.name, value: header.value))")
            }
            printError(lines.joined(separator: "\n") + "\n>")
        }

        // One request from a command line: fail fast on a refused connection (no retries, as curl),
        // do not follow redirects (curl's default), and never outlive --max-time.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(Int64(min(10, maxTime))))
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: Result<Void, any Error>
        do {
            try await send(outgoing, with: client, url: url, authority: parts.authority)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown().get()
        try result.get()
    }

    private func send(
        _ outgoing: HTTPClientRequest,
        with client: HTTPClient,
        url: String,
        authority: String
    ) async throws {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .seconds(Int64(maxTime)))
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            printError("gatehouse: timed out after \(maxTime) s: \(url)")
            throw ExitCode(28)
        } catch {
            // The client's error text may quote the URL (printError hides its presigned secrets).
            printError("gatehouse: could not reach \(authority): \(error)")
            throw ExitCode(7)
        }
        let status = Int(response.status.code)
        if verbose {
            var lines = ["< HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)"]
            for header in response.headers {
                lines.append("< \(header.name): \(Redaction.redactedValue(name: header.name, value: header.value))")
            }
            // The server chose the reason phrase and the headers: printed through the escaping sink.
            printError(lines.joined(separator: "\n") + "\n<")
        }
        if fail && status >= 400 {
            printError("gatehouse: the server answered \(status)")
            throw ExitCode(22)
        }
        if include {
            var head = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n"
            for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
            FileHandle.standardOutput.write(Data((head + "\r\n").utf8))
        }
        for try await chunk in response.body {
            FileHandle.standardOutput.write(Data(chunk.readableBytesView))
        }
    }
}
