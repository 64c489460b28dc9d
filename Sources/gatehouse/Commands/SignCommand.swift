import ArgumentParser
import Foundation
import SigV4

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign an HTTP request with SigV4 or SigV4a and print the result.",
        discussion: """
            Credentials come from the usual AWS places: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / \
            AWS_SESSION_TOKEN, or a profile (--profile, AWS_PROFILE) in ~/.aws/credentials and \
            ~/.aws/config, including credential_process. Secrets are never printed except inside the \
            signed output you asked for. The files are read as the AWS CLI reads them: `#` and `;` \
            start comment lines only (`aws_secret_access_key = abc # note` is the secret `abc # note`), \
            config profiles are [default] and [profile NAME], and a file the AWS CLI would refuse (a \
            repeated section or key, a byte order mark, a line that is no setting) is an error (exit 2).

            A credential_process runs through /bin/sh in a process group of its own, for at most \
            60 seconds (then the group is ended); it must print one JSON object of at most 1 MiB \
            (reading stops there): "Version": 1, "AccessKeyId" and "SecretAccessKey" strings, \
            optional "SessionToken" and "Expiration" (ISO 8601 with a zone). Credentials whose \
            Expiration has passed are refused (exit 2), as botocore refuses them.

            Examples:
              # Headers to add to a request to an API Gateway stage
              gatehouse sign https://abc123.execute-api.us-east-1.amazonaws.com/prod/items

              # A ready-to-run curl command for a POST
              gatehouse sign -X POST -d '{"a":1}' -H 'Content-Type: application/json' \\
                  https://abc123.execute-api.us-east-1.amazonaws.com/prod/items --output curl

              # A presigned S3 URL valid for an hour
              gatehouse sign --presign --expires 3600 https://bucket.s3.us-west-2.amazonaws.com/key.txt

              # A raw request, target kept exactly as written; everything as JSON
              gatehouse sign --request-file request.txt --service execute-api --region us-east-1 --output json

              # Thousands of requests in one process (JSON lines in and out)
              gatehouse sign --batch < requests.jsonl
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case headers, curl, url, json
    }

    @OptionGroup var input: RequestInput
    @OptionGroup var signing: SigningOptions

    @Option(
        help:
            "What to print: headers (the ones signing adds), curl (a command line), url, or json (every step). Default: headers, or url with --presign."
    )
    var output: Output?

    @Flag(
        help:
            "Read JSON lines on stdin, write one JSON line per request (Tests/Interop/CONTRACT.md). Each field must have its documented type and range; another type, null or an unknown field is an invalidInput answer naming it."
    )
    var batch = false

    func run() async throws {
        if batch {
            JSONLines.runObjects(SignBatch.handle)
            return
        }
        let (request, parts) = try input.load()
        let signer = try signing.signer(host: parts.host)
        let signed = try signer.sign(request, at: try signing.date())
        let url = parts.url(target: signed.request.target)
        switch output ?? (signing.presign ? .url : .headers) {
        case .headers:
            for header in SignedOutput.addedHeaders(original: request, signed: signed.request) {
                print("\(header.name): \(header.value)")
            }
        case .url:
            print(url)
        case .curl:
            print(SignedOutput.curlCommand(signed.request, url: url))
        case .json:
            print(JSONLines.pretty(SignedOutput.json(signed, url: url)))
        }
    }
}
