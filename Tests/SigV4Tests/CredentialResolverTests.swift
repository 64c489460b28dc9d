import Foundation
import GatehouseCore
import GatehouseCrypto
import SigV4
import Testing

@Suite("Credentials like the AWS CLI")
struct CredentialResolverTests {
    /// A temporary home with ~/.aws files.
    static func home(credentials: String? = nil, config: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(".aws"),
            withIntermediateDirectories: true
        )
        if let credentials {
            try credentials.write(to: dir.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        }
        if let config {
            try config.write(to: dir.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    static let files = (
        credentials: """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret ; comment

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=dev/secret+x
        aws_session_token = dev-token
        """,
        config: """
        [default]
        region = eu-west-1

        [profile dev]
        region = ap-south-1
        s3 =
            addressing_style = path

        [profile proc]
        credential_process = printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2030-01-01T00:00:00Z"}'
        region = us-west-2

        [profile broken]
        credential_process = exit 3
        """
    )

    @Test("environment variables win over the default profile")
    func environment() throws {
        let home = try Self.home(credentials: Self.files.credentials, config: Self.files.config)
        let resolver = CredentialResolver(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "t",
                "HOME": home,
            ],
            homeDirectory: home
        )
        let resolved = try resolver.resolveCredentials()
        #expect(resolved.credentials.accessKeyId == "AKIDENV")
        #expect(resolved.credentials.sessionToken?.revealed == "t")
        #expect(resolved.source == .environment)
        // An explicit --profile overrides the environment, as in the AWS CLI.
        #expect(try resolver.resolveCredentials(profile: "dev").credentials.accessKeyId == "AKIDDEV")
    }

    @Test("profiles from the shared files, AWS_PROFILE and region order")
    func profiles() throws {
        let home = try Self.home(credentials: Self.files.credentials, config: Self.files.config)
        let resolver = CredentialResolver(environment: ["HOME": home], homeDirectory: home)
        let standard = try resolver.resolveCredentials()
        #expect(standard.credentials.accessKeyId == "AKIDDEFAULT")
        // No inline comments, as botocore reads the file: the secret is the whole value.
        #expect(standard.credentials.secretAccessKey.revealed == "default-secret ; comment")
        #expect(try resolver.resolveRegion() == "eu-west-1")
        #expect(try resolver.resolveRegion(profile: "dev") == "ap-south-1")
        #expect(try resolver.resolveRegion(explicit: "us-east-2", profile: "dev") == "us-east-2")

        let viaEnvironment = CredentialResolver(
            environment: ["HOME": home, "AWS_PROFILE": "dev", "AWS_REGION": "ca-central-1"],
            homeDirectory: home
        )
        #expect(try viaEnvironment.resolveCredentials().credentials.sessionToken?.revealed == "dev-token")
        #expect(try viaEnvironment.resolveRegion() == "ca-central-1")
    }

    @Test("credential_process output is read; failures are clear errors")
    func credentialProcess() throws {
        let home = try Self.home(config: Self.files.config)
        let resolver = CredentialResolver(environment: ["HOME": home], homeDirectory: home)
        let resolved = try resolver.resolveCredentials(profile: "proc")
        #expect(resolved.credentials.accessKeyId == "AKIDPROC")
        #expect(resolved.credentials.sessionToken?.revealed == "proc-token")
        #expect(resolved.expiration == AmzDate(iso8601: "2030-01-01T00:00:00Z"))
        #expect(throws: SigV4Error(.invalidCredentials, "")) { try resolver.resolveCredentials(profile: "broken") }
        #expect(throws: SigV4Error(.invalidCredentials, "")) { try resolver.resolveCredentials(profile: "missing") }
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files")
    func customPaths() throws {
        let home = try Self.home()
        let path = home + "/elsewhere"
        try "[default]\naws_access_key_id = AKIDELSE\naws_secret_access_key = s\n".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        let resolver = CredentialResolver(
            environment: ["HOME": home, "AWS_SHARED_CREDENTIALS_FILE": path],
            homeDirectory: home
        )
        #expect(try resolver.resolveCredentials().credentials.accessKeyId == "AKIDELSE")
    }

    @Test("secrets never print")
    func redaction() {
        let credentials = AWSCredentials(
            accessKeyId: "AKIDX",
            secretAccessKey: "very-secret",
            sessionToken: "very-token"
        )
        let text = "\(credentials) \(String(reflecting: credentials.secretAccessKey))"
        #expect(!text.contains("very-secret"))
        #expect(!text.contains("very-token"))
        var request = SigV4Request(
            method: "GET",
            path: "/",
            headers: [.init("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDX/…, Signature=abc")]
        )
        request.headers.append(.init("X-Amz-Security-Token", "very-token"))
        #expect(!request.description.contains("very-token"))
        #expect(!request.description.contains("Signature=abc"))
    }
}
