import Foundation
import GatehouseCore
import SigV4
import Testing

/// One case of the aws-c-auth signing suite, read from `../shared/conformance/sigv4` (or
/// `$GATEHOUSE_SIGV4_SUITE`). The suite is never copied into this repository.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    struct Context: Decodable, Sendable {
        struct Credentials: Decodable, Sendable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    enum Mode: String, Sendable, CaseIterable { case header, query }

    let family: String  // v4 or v4a
    let name: String
    let mode: Mode
    let directory: URL

    var testDescription: String { "\(family)/\(name) [\(mode.rawValue)]" }

    func text(_ file: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }

    func context() throws -> Context {
        try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    }

    func request() throws -> SigV4Request {
        try RawHTTPRequest.parse(Array(Data(contentsOf: directory.appendingPathComponent("request.txt"))))
    }

    var isV4a: Bool { family == "v4a" }

    /// The signing configuration the suite's runner uses for this case (double encoding on).
    func configuration() throws -> SigningConfiguration {
        let context = try context()
        let location: SigningConfiguration.Location =
            mode == .header ? .header : .query(expiresIn: context.expiration_in_seconds)
        return SigningConfiguration(
            region: context.region,
            service: context.service,
            algorithm: isV4a ? .sigV4a : .sigV4,
            location: location,
            normalizePath: context.normalize,
            doubleURIEncode: true,
            payloadSigning: .hashBody,
            addContentSHA256Header: context.sign_body && mode == .header,
            sessionTokenPlacement: context.omit_session_token == true ? .unsigned : .signed
        )
    }

    func credentials() throws -> AWSCredentials {
        let c = try context().credentials
        return AWSCredentials(accessKeyId: c.access_key_id, secretAccessKey: c.secret_access_key, sessionToken: c.token)
    }

    func date() throws -> AmzDate {
        let timestamp = try context().timestamp
        guard let date = AmzDate(iso8601: timestamp) else { throw SuiteError.badTimestamp(timestamp) }
        return date
    }

    enum SuiteError: Error { case badTimestamp(String), suiteMissing(String) }

    static var root: URL {
        if let override = ProcessInfo.processInfo.environment["GATEHOUSE_SIGV4_SUITE"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // Tests/SigV4Tests/ConformanceSuite.swift → repository → ../shared/conformance/sigv4
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/sigv4")
    }

    /// Every signed case (those with expected outputs) of a family, in both modes.
    static func all(_ family: String) throws -> [ConformanceCase] {
        let base = root.appendingPathComponent(family)
        guard FileManager.default.fileExists(atPath: base.path) else {
            throw SuiteError.suiteMissing(base.path)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
        var cases: [ConformanceCase] = []
        for name in names {
            let directory = base.appendingPathComponent(name)
            guard
                FileManager.default.fileExists(
                    atPath: directory.appendingPathComponent("header-canonical-request.txt").path
                )
            else { continue }
            for mode in Mode.allCases {
                cases.append(ConformanceCase(family: family, name: name, mode: mode, directory: directory))
            }
        }
        return cases
    }
}
