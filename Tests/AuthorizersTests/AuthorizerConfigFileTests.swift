import Authorizers
import Foundation
import GatehouseCore
import Testing

/// The authorizer configuration file as the CLI and the gateway load it: every field read by its
/// one type, and every refusal an error that names the field.
@Suite("Authorizer configuration files")
struct AuthorizerConfigFileTests {
    /// A transport that must not be used (local functions and files only).
    final class NoNetwork: HTTPTransport {
        func get(_ url: String, timeout: Duration, maxBytes: Int) async throws -> HTTPTransportResponse {
            throw HTTPTransportError.connection("no network in this test")
        }
        func post(
            _ url: String,
            body: [UInt8],
            headers: [(String, String)],
            timeout: Duration,
            maxBytes: Int
        ) async throws -> HTTPTransportResponse {
            throw HTTPTransportError.connection("no network in this test")
        }
    }

    static let clock = ManualClock(wall: Timestamp(secondsSince1970: 1_768_471_200))
    static let environment = ["PATH": "/usr/bin:/bin", "SECRET_VAR": "s3cret"]

    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(FakeIssuer.jwks(["k1"])).write(to: url.appendingPathComponent("jwks.json"))
        try Data("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8)
            .write(to: url.appendingPathComponent("key.pem"))
        return url.path
    }

    static func entry(
        _ json: String,
        name: String = "a"
    ) async throws(AuthorizerConfigError)
        -> AuthorizerConfigFile.Entry
    {
        let folder = (try? Self.folder()) ?? "/tmp"
        let file = try AuthorizerConfigFile(json: Array(json.utf8), folder: folder)
        return try await file.entry(name, transport: NoNetwork(), clock: clock, environment: environment)
    }

    @Test("each kind of function is built from its fields")
    func builds() async throws {
        let command = try await Self.entry(
            #"{"authorizers": {"a": {"type": "REQUEST", "identitySource": "method.request.header.A, method.request.querystring.b", "resultTtlInSeconds": 0, "timeoutSeconds": 3, "function": {"command": ["sh", "-c", "true"], "environment": {"X": "1"}}}}}"#
        )
        #expect(command.configuration.resultTTLSeconds == 0)
        #expect(command.configuration.identitySources.count == 2)
        #expect(command.timeout == .seconds(3))
        #expect(command.function is LocalCommandFunction)
        let bearer = try await Self.entry(
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://issuer.example.com", "jwks": "jwks.json", "audiences": ["api"], "routeScopes": {"GET /pets/{id}": ["pets/read"]}}}}}}"#
        )
        #expect(bearer.function is JWTBearerFunction)
        let introspection = try await Self.entry(
            #"{"authorizers": {"a": {"function": {"introspection": {"endpoint": "https://idp.example.com/introspect", "clientId": "c", "clientSecretEnv": "SECRET_VAR", "audiences": ["api"]}}}}}"#
        )
        #expect(introspection.function is IntrospectionFunction)
        let lambda = try await Self.entry(
            #"{"authorizers": {"a": {"function": {"lambda": {"endpoint": "http://127.0.0.1:3001", "name": "auth"}}}}}"#
        )
        #expect(lambda.function is LambdaInvokeFunction)
    }

    /// File → the field the error names and words its message must hold.
    @Test(arguments: [
        (#"{"authorizers": {"b": {}}}"#, "authorizers", "no authorizer `a`"),
        (#"{"authorizers": {"a": {"function": {"command": ["sh"]}}}, "extra": 1}"#, "extra", "extra"),
        (
            #"{"authorizers": {"a": {"type": "COOKIE", "function": {"command": ["sh"]}}}}"#, "authorizers.a.type",
            "TOKEN"
        ),
        (
            #"{"authorizers": {"a": {"timeoutSeconds": "30", "function": {"command": ["sh"]}}}}"#,
            "authorizers.a.timeoutSeconds", "timeoutSeconds"
        ),
        (
            #"{"authorizers": {"a": {"timeoutSeconds": 30, "function": {"command": ["sh"]}}}}"#,
            "authorizers.a.timeoutSeconds", "timeoutSeconds"
        ),
        (
            #"{"authorizers": {"a": {"resultTtlInSeconds": 3601, "function": {"command": ["sh"]}}}}"#,
            "authorizers.a.resultTtlInSeconds", "resultTtlInSeconds"
        ),
        (
            #"{"authorizers": {"a": {"function": {"command": ["sh"], "lambda": {}}}}}"#, "authorizers.a.function",
            "exactly one"
        ),
        (
            #"{"authorizers": {"a": {"function": {"command": ["no-such-program-gh"]}}}}"#,
            "authorizers.a.function.command", "not an executable in PATH"
        ),
        (
            #"{"authorizers": {"a": {"function": {"command": ["sh"], "environment": {"A=B": "x"}}}}}"#,
            "authorizers.a.function.environment", "`A=B` is not a variable name"
        ),
        (
            #"{"authorizers": {"a": {"function": {"lambda": {"endpoint": "http://example.com", "name": "f"}}}}}"#,
            "authorizers.a.function.lambda.endpoint", "a.function.lambda.endpoint"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "jwks": "jwks.json"}}}}}"#,
            "authorizers.a.function.jwtBearer.audiences", "needs `audiences`"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "audiences": ["x"]}}}}}"#,
            "authorizers.a.function.jwtBearer", "needs `jwks` or `discovery: true`"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "jwks": "missing.json", "audiences": ["x"]}}}}}"#,
            "authorizers.a.function.jwtBearer.jwks", "cannot read"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "jwks": "key.pem", "audiences": ["x"]}}}}}"#,
            "authorizers.a.function.jwtBearer.jwks", "PEM key carries no algorithm"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "jwks": "http://example.com/jwks", "audiences": ["x"]}}}}}"#,
            "authorizers.a.function.jwtBearer.jwks", "jwtBearer.jwks"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "discovery": true, "audiences": ["x"]}}}}}"#,
            "authorizers.a.function.jwtBearer.issuer", "`a`"
        ),
        (
            #"{"authorizers": {"a": {"function": {"jwtBearer": {"issuer": "https://i.example.com", "jwks": "jwks.json", "audiences": ["x"], "routeScopes": {"pets": ["r"]}}}}}}"#,
            "authorizers.a.function.jwtBearer.routeScopes", "is not `METHOD /path`"
        ),
        (
            #"{"authorizers": {"a": {"function": {"introspection": {"endpoint": "https://idp.example.com/i", "clientId": "c", "clientSecretEnv": "UNSET_VAR"}}}}}"#,
            "authorizers.a.function.introspection.clientSecretEnv", "$UNSET_VAR"
        ),
    ])
    func refuses(_ json: String, _ field: String, _ words: String) async {
        do {
            _ = try await Self.entry(json)
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.field == field, "\(error.message)")
            #expect(error.message.contains(words), "\(error.message)")
            #expect(!error.message.contains("s3cret"))
        }
    }

    @Test("a syntax error carries its line and column")
    func syntax() {
        do {
            _ = try AuthorizerConfigFile(json: Array("{\n  \"authorizers\": {,}\n}".utf8), folder: "")
            Issue.record("parsed invalid JSON")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("2:"))
        }
    }

    @Test("names in file order, relative paths from the folder")
    func names() throws {
        let file = try AuthorizerConfigFile(
            json: Array(#"{"authorizers": {"z": {}, "a": {}, "m": {}}}"#.utf8),
            folder: ""
        )
        #expect(file.names == ["z", "a", "m"])
    }
}
