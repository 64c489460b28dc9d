import Foundation
import GatehouseCore
import GatehouseCrypto
import SigV4
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `credential_process` as botocore reads it, stricter where botocore is loose: what the command
/// prints (strict JSON, expiry), how much of it is read, and how long it may run.
@Suite("credential_process: strict output, expiry, cap and deadline")
struct CredentialProcessTests {
    static let now = AmzDate(iso8601: "2026-01-15T10:00:00Z")!

    /// A resolver whose profile `p` runs `command`, judged at ``now``.
    static func resolver(command: String, timeout: Duration = .seconds(20)) throws -> CredentialResolver {
        // The command's standard error is the test runner's (credential helpers inherit it, to
        // prompt): sent to /dev/null, so that a command left running if the test process dies
        // (`yes | cat` past its deadline) cannot hold the runner's output open, and hang it.
        let home = try CredentialResolverTests.home(
            config: "[profile p]\ncredential_process = exec 2>/dev/null; \(command)\n"
        )
        var resolver = CredentialResolver(environment: ["HOME": home, "PATH": "/usr/bin:/bin"], homeDirectory: home)
        resolver.clock = ManualClock(wall: now)
        resolver.credentialProcessTimeout = timeout
        return resolver
    }

    /// A resolver whose process prints exactly `output` (kept in a file beside the config).
    static func printing(_ output: String) throws -> CredentialResolver {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-cp-\(UUID().uuidString)")
        try output.write(to: file, atomically: true, encoding: .utf8)
        return try resolver(command: "cat '\(file.path)'")
    }

    /// Resolves profile `p` on a thread of its own: the resolver blocks while the command runs,
    /// and the test pool's few threads are shared with every other suite. The timed tests await
    /// it on ``DedicatedExecutor/timedTests``, so that their wall clock does not count the queue
    /// of that pool (62 s under AddressSanitizer, measured).
    static func resolve(_ resolver: CredentialResolver) async throws(SigV4Error) -> CredentialResolver.Resolved {
        let result: Result<CredentialResolver.Resolved, SigV4Error> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    returning: Result { () throws(SigV4Error) in try resolver.resolveCredentials(profile: "p") }
                )
            }
        }
        return try result.get()
    }

    static func output(expiration: String? = nil, extra: String = "") -> String {
        let expiry = expiration.map { ", \"Expiration\": \"\($0)\"" } ?? ""
        return "{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"proc-secret\"\(expiry)\(extra)}"
    }

    @Test(
        "expired credentials are refused, whatever the spelling of the time",
        arguments: [
            "2026-01-15T09:59:59Z", "2020-01-01T00:00:00Z", "2026-01-15T09:59:59.999Z", "2026-01-15T11:00:00+02:00",
            "2026-01-15T09:59:59+00:00", "2026-01-15T04:59:59-05:00", "20260115T095959Z", "1970-01-01T00:00:00Z",
        ]
    )
    func expired(expiration: String) async throws {
        let resolver = try Self.printing(Self.output(expiration: expiration))
        await #expect(throws: SigV4Error(.expiredCredentials, "")) { try await Self.resolve(resolver) }
        do {
            _ = try await Self.resolve(resolver)
        } catch {
            #expect(error.message.contains("expired"))
            #expect(error.message.contains("`p`"))
            #expect(!error.message.contains("proc-secret"))
        }
    }

    @Test(
        "credentials that have not expired are used",
        arguments: [
            "2026-01-15T10:00:00Z", "2026-01-15T10:00:01Z", "2026-01-15T09:00:00-02:00", "2030-01-01T00:00:00.123456Z",
            "2026-01-15T10:30:00+00:00",
        ]
    )
    func current(expiration: String) async throws {
        let resolved = try await Self.resolve(Self.printing(Self.output(expiration: expiration)))
        #expect(resolved.credentials.accessKeyId == "AKIDPROC")
        #expect(resolved.expiration == AmzDate(iso8601: expiration))
    }

    @Test("no Expiration: long-term credentials, used as they are")
    func noExpiration() async throws {
        let resolved = try await Self.resolve(
            Self.printing(Self.output(extra: ", \"SessionToken\": \"tok\", \"AccountId\": \"1\""))
        )
        #expect(resolved.expiration == nil)
        #expect(resolved.credentials.sessionToken?.revealed == "tok")
    }

    /// Every way the output can be wrong is refused, naming the field and never printing a value.
    @Test(
        "malformed output is refused",
        arguments: [
            ("", SigV4Error.Code.invalidCredentials),
            ("not json", .invalidCredentials),
            ("[]", .invalidCredentials),
            ("\"x\"", .invalidCredentials),
            ("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": \"1\", \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": true, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 1.5, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 1, \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 1, \"AccessKeyId\": \"A\"}", .invalidCredentials),
            ("{\"Version\": 1, \"AccessKeyId\": 12, \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 1, \"AccessKeyId\": \"\", \"SecretAccessKey\": \"proc-secret\"}", .invalidCredentials),
            ("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\"}", .invalidCredentials),
            ("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": null}", .invalidCredentials),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"SessionToken\": 5}",
                .invalidCredentials
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"Expiration\": 1893456000}",
                .invalidCredentials
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"Expiration\": \"tomorrow\"}",
                .invalidDate
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"Expiration\": \"@1893456000\"}",
                .invalidDate
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"Expiration\": \"2030-01-01\"}",
                .invalidDate
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\", \"Expiration\": \"2030-01-01T00:00:00\"}",
                .invalidDate
            ),
            (
                "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"proc-secret\"} trailing",
                .invalidCredentials
            ),
        ]
    )
    func malformed(output: String, code: SigV4Error.Code) async throws {
        let resolver = try Self.printing(output)
        do {
            _ = try await Self.resolve(resolver)
            Issue.record("accepted \(output)")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(!error.message.contains("proc-secret"))
            #expect(error.message.contains("credential_process of profile `p`"))
        }
    }

    /// Sizes around the 1 MiB cap, and an endless writer: over the cap is refused as soon as it is
    /// passed (the rest is never read), in bounded time.
    @Test("output is capped at 1 MiB while it is read", arguments: [1_048_576, 1_048_577, 5_000_000, -1])
    func oversized(size: Int) async throws {
        let valid = Self.output()
        let command: String
        if size < 0 {
            command = "yes"
        } else {
            // Valid JSON padded with spaces to exactly `size` bytes.
            command = "printf '%s' '\(valid)'; head -c \(size - valid.utf8.count) /dev/zero | tr '\\0' ' '"
        }
        let resolver = try Self.resolver(command: command, timeout: .seconds(90))
        let (result, elapsed) = await DedicatedExecutor.timedTests.run {
            let started = ContinuousClock.now
            let result: Result<CredentialResolver.Resolved, SigV4Error>
            do throws(SigV4Error) {
                result = .success(try await Self.resolve(resolver))
            } catch {
                result = .failure(error)
            }
            return (result, ContinuousClock.now - started)
        }
        if size >= 0 && size <= 1_048_576 {
            #expect(try result.get().credentials.accessKeyId == "AKIDPROC")
        } else {
            switch result {
            case .success: Issue.record("accepted \(size) bytes")
            case .failure(let error):
                #expect(error.code == .invalidCredentials)
                #expect(error.message.contains("1048576 bytes"), "\(error)")
            }
        }
        // Far below the 90 s deadline.
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test(
        "a command past its deadline is stopped with its whole group",
        arguments: ["sleep 120", "yes | cat > /dev/null", "sleep 120 & sleep 120"]
    )
    func deadline(body: String) async throws {
        let pgidFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-pg-\(UUID().uuidString)"
        )
        let resolver = try Self.resolver(command: "echo $$ > '\(pgidFile.path)'; \(body)", timeout: .seconds(1))
        let elapsed = await DedicatedExecutor.timedTests.run {
            let started = ContinuousClock.now
            await #expect(throws: SigV4Error(.invalidCredentials, "")) { try await Self.resolve(resolver) }
            return ContinuousClock.now - started
        }
        // 1 s deadline and 250 ms grace; the command alone would take 120 s.
        #expect(elapsed < .seconds(30), "took \(elapsed)")
        let pgid = try #require(
            Int32(String(contentsOf: pgidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        )
        #expect(await processGroupIsGone(pgid), "group \(pgid) still runs")
    }

    @Test("a failing command is an error naming its status", arguments: [1, 2, 255])
    func failing(status: Int) async throws {
        let resolver = try Self.resolver(command: "echo '\(Self.output())'; exit \(status)")
        do {
            _ = try await Self.resolve(resolver)
            Issue.record("accepted exit \(status)")
        } catch {
            #expect(error.message.contains("status \(status)"))
        }
    }
}
