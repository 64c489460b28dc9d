import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import IAMPolicy
import SigV4

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a signed request as a server would, and say precisely why it fails.",
        discussion: """
            Exit status: 0 valid, 1 invalid, 2 usage or input error.

            With --s3, a streaming upload (Content-Encoding aws-chunked, x-amz-content-sha256 \
            STREAMING-…) is valid only when its body is too: every chunk signature chains from \
            the request's signature in order, the final zero-length chunk ends the body with \
            nothing after it, the decoded length equals x-amz-decoded-content-length, and the \
            trailing headers are exactly those x-amz-trailer names, with a valid trailer \
            signature and matching x-amz-checksum-* values. Otherwise: InvalidPayload, or \
            SignatureDoesNotMatch for a chunk or trailer signature.

            The credentials file is JSON — [{"access_key_id": "…", "secret_access_key": "…", \
            "token": "…"?, "principal": "arn:…"?, "expiration": "…"?}], every field a string and no \
            other field — or an AWS shared credentials file (INI), read as the AWS CLI reads it: \
            every section with aws_access_key_id is a key; `#` and `;` start comment lines only \
            (`key = value # note` keeps `# note` in the value); a repeated section or key is an error. \
            A principal is the ARN of an IAM user (arn:aws:iam::ACCOUNT:user/NAME), a role session \
            (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), a federated user or an account root, \
            with a 12-digit account and no region; it is read once, when the file is loaded, and \
            anything else is refused. Without one a key signs as \
            arn:aws:iam::000000000000:user/ACCESS_KEY_ID.

            Examples:
              gatehouse verify --request-file captured.txt --credentials keys.json --now 2026-01-15T10:00:10Z
              gatehouse verify --request-file captured.txt --credentials ~/.aws/credentials --explain
              gatehouse verify --batch < cases.jsonl
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .customLong("request-file"), help: "The raw HTTP/1.1 request as received (`-` for stdin).")
    var requestFile: String?

    @Option(help: "The keys the verifier accepts (JSON, or an AWS credentials INI file).")
    var credentials: String?

    @Option(
        name: .customLong("data-dir"),
        help:
            "Accept the keys of this data directory instead (users' access keys and role sessions from `gatehouse principals`, and the root key when GATEHOUSE_ROOT_* is set or DATA_DIR/root-credentials exists)."
    )
    var dataDir: String?

    @Option(help: "The region requests must be scoped to.")
    var region: String = ProcessInfo.processInfo.environment["GATEHOUSE_REGION"] ?? "us-east-1"

    @Option(help: "The service requests must be scoped to.")
    var service: String = "execute-api"

    @Option(help: "Verify as of this time (ISO 8601). Default: now.")
    var now: String?

    @Option(
        name: .customLong("skew-seconds"),
        help: "Allowed clock skew for header signatures. Default: 300 (900 with --s3). \(OptionRange.skewSeconds.help)",
        transform: OptionRange.skewSeconds.parse
    )
    var skewSeconds: Int?

    @Flag(help: "S3 rules: single URI encoding, no normalization, payload markers, ±15 min.")
    var s3 = false

    @Flag(
        name: .customLong("allow-unsigned-session-token"),
        help: "Accept an X-Amz-Security-Token that was sent but not signed."
    )
    var allowUnsignedSessionToken = false

    @Flag(
        help:
            "On a signature mismatch, print the canonical request and string to sign the verifier computed (a session token's value shows as <redacted>, as in every message)."
    )
    var explain = false

    @Option(help: "text or json.")
    var output: Output = .text

    @Flag(
        help:
            "Read JSON lines on stdin, write one verdict per line (Tests/Interop/CONTRACT.md). Each field must have its documented type and range; another type, null or an unknown field is an InputError naming it."
    )
    var batch = false

    func run() async throws {
        if batch {
            let caches = VerifyBatch.Caches()
            JSONLines.runObjects(invalidLine: ["valid": false, "reason": "InputError"]) {
                JSONLines.redactingDiagnostics(VerifyBatch.handle($0, caches: caches), canonicalRequest: true)
            }
            return
        }
        guard let requestFile else { throw CLIError("give --request-file FILE (or --batch)") }
        let request = try RawHTTPRequest.parse(try readFile(requestFile, option: "--request-file"))
        let store: any SigV4CredentialStore
        switch (credentials, dataDir) {
        case (let credentials?, nil): store = StaticCredentialStore(try CredentialsFile.load(credentials))
        case (nil, let dataDir?): store = try await PrincipalsCLI.credentialCache(dataDir: dataDir)
        case (nil, nil): throw CLIError("give --credentials FILE or --data-dir DIR with the keys to accept")
        default: throw CLIError("give either --credentials or --data-dir, not both")
        }
        let verifier = SigV4Verifier(
            configuration: .init(
                region: region,
                service: service,
                s3Rules: s3,
                clockSkewSeconds: skewSeconds,
                allowUnsignedSessionToken: allowUnsignedSessionToken,
                includeCanonicalRequestInFailures: explain
            )
        )
        // A streaming body is part of the verdict: a pending payload is checked against the
        // body the request file carries.
        let result = await verifier.verify(request, now: try WallClock.parse(now, option: "--now"), credentials: store)
            .resolvingPayload(request.body)
        switch output {
        case .json:
            print(
                JSONLines.pretty(
                    JSONLines.redactingDiagnostics(VerifyBatch.render(result, explain: explain), canonicalRequest: true)
                )
            )
        case .text:
            switch result {
            case .valid(let identity):
                print(
                    "valid: signed by \(identity.accessKeyId) (\(identity.principal.arn)) with \(identity.algorithm), \(identity.presigned ? "presigned" : "Authorization header")"
                )
            case .invalid, .payloadPending:
                let failure = result.failure!
                print("invalid: \(failure.code.name) (\(failure.code.httpStatus) \(failure.code.errorType))")
                print(JSONLines.redactingDiagnostic(explain ? failure.detailedMessage : failure.message))
            }
        }
        if !result.isValid { throw ExitCode(ExitStatus.negative) }
    }
}
