import Foundation
import GatehouseCore
import GatehouseCrypto
import IAMPolicy
public import SigV4

/// The root principal (DESIGN.md): `arn:aws:iam::ACCOUNT:root` with full access, signing with
/// the key in `GATEHOUSE_ROOT_ACCESS_KEY_ID` / `GATEHOUSE_ROOT_SECRET_ACCESS_KEY` or, when those
/// are unset, a key generated once and kept in the data directory's ``fileName`` (mode `0600`,
/// written as an AWS shared credentials file, so `AWS_SHARED_CREDENTIALS_FILE=… aws …` and
/// `gatehouse verify --credentials …` read it as they are).
///
/// `description` never shows the secret; ``notice`` says where the key comes from.
public struct RootCredentials: Sendable, CustomStringConvertible {
    /// Where the key came from.
    public enum Source: Sendable, Hashable {
        case environment
        /// The data directory's file; `created` when this call generated it.
        case file(path: String, created: Bool)
    }

    public let credentials: AWSCredentials
    public let account: String
    public let source: Source

    /// The file in the data directory holding a generated root key.
    public static let fileName = "root-credentials"
    public static let accessKeyIdVariable = "GATEHOUSE_ROOT_ACCESS_KEY_ID"
    public static let secretAccessKeyVariable = "GATEHOUSE_ROOT_SECRET_ACCESS_KEY"

    /// The root key from `environment` when both variables are set, otherwise from the data
    /// directory's file, generating it (exclusively: two processes starting together agree on one
    /// key) when missing.
    ///
    /// - Throws: ``StoreError`` naming the variable when only one is set or a value is malformed,
    ///   or the file when it cannot be read, written or parsed.
    public static func resolve(
        dataDirectory: DataDirectory,
        environment: [String: String],
        account: String = IdentityReference.defaultAccount
    ) throws(StoreError) -> RootCredentials {
        try IAMNames.checkAccount(account)
        let id = environment[accessKeyIdVariable].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment[secretAccessKeyVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (let id?, let secret?):
            guard isKeyText(id), id.utf8.count >= 16, id.utf8.count <= 128 else {
                throw StoreError(
                    .invalidInput,
                    part: accessKeyIdVariable,
                    "an access key id is 16 to 128 letters and digits (such as AKIA followed by 16)"
                )
            }
            guard secret.utf8.count >= 16, secret.utf8.count <= 256,
                secret.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
            else {
                throw StoreError(
                    .invalidInput,
                    part: secretAccessKeyVariable,
                    "a secret access key is 16 to 256 printable ASCII characters without spaces"
                )
            }
            return RootCredentials(
                credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret),
                account: account,
                source: .environment
            )
        case (nil, nil):
            return try fromFile(dataDirectory: dataDirectory, account: account)
        case (nil, _):
            throw StoreError(
                .invalidInput,
                part: accessKeyIdVariable,
                "\(secretAccessKeyVariable) is set but \(accessKeyIdVariable) is not: set both, or neither to use the generated root key"
            )
        case (_, nil):
            throw StoreError(
                .invalidInput,
                part: secretAccessKeyVariable,
                "\(accessKeyIdVariable) is set but \(secretAccessKeyVariable) is not: set both, or neither to use the generated root key"
            )
        }
    }

    private static func isKeyText(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    private static func fromFile(dataDirectory: DataDirectory, account: String) throws(StoreError) -> RootCredentials {
        try dataDirectory.prepare()
        let path = dataDirectory.file(fileName)
        var created = false
        if !FileManager.default.fileExists(atPath: path) {
            created = try generate(at: path, directory: dataDirectory)
        }
        try DataDirectory.ensurePrivateFile(path)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw StoreError(.insecureDataDirectory, part: "root credentials file", "cannot read `\(path)`")
        }
        let file: INIFile
        do {
            file = try INIFile(bytes: bytes, path: path)
        } catch {
            throw StoreError(.invalidInput, part: "root credentials file", "`\(path)`: \(error.message)")
        }
        guard let section = file.section("default"), let id = section["aws_access_key_id"],
            let secret = section["aws_secret_access_key"], isKeyText(id), !secret.isEmpty
        else {
            throw StoreError(
                .invalidInput,
                part: "root credentials file",
                "`\(path)` has no [default] aws_access_key_id and aws_secret_access_key; delete it to generate a new root key"
            )
        }
        return RootCredentials(
            credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret),
            account: account,
            source: .file(path: path, created: created)
        )
    }

    /// Writes a new key to `path`: into a private temporary file first, then linked into place,
    /// which fails if another process linked its own first (then that one is used).
    private static func generate(at path: String, directory: DataDirectory) throws(StoreError) -> Bool {
        let temporary = directory.file(".\(fileName).\(KeyMaterial.apiIdentifier())")
        let text = """
            # Gatehouse root credentials: full access. Generated once; keep this file private (mode 0600).
            # Use: AWS_SHARED_CREDENTIALS_FILE=\(path) aws … (profile default)
            [default]
            aws_access_key_id = \(KeyMaterial.longTermAccessKeyId())
            aws_secret_access_key = \(KeyMaterial.secretAccessKey().revealed)

            """
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw StoreError(.insecureDataDirectory, part: "root credentials file", "cannot create `\(temporary)`")
        }
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            try DataDirectory.tighten(temporary)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw StoreError(
                .insecureDataDirectory,
                part: "root credentials file",
                "cannot write `\(temporary)`: \(error.localizedDescription)"
            )
        }
        do {
            try FileManager.default.linkItem(atPath: temporary, toPath: path)
            return true
        } catch {
            // Another process made it first: use theirs.
            if FileManager.default.fileExists(atPath: path) { return false }
            throw StoreError(
                .insecureDataDirectory,
                part: "root credentials file",
                "cannot create `\(path)`: \(error.localizedDescription)"
            )
        }
    }

    /// The root principal's ARN.
    public var arn: String { "arn:aws:iam::\(account):root" }

    /// The credential a verifier serves for the root key: the root principal with the
    /// full-access policy compiled.
    public func storedCredential() -> SigV4StoredCredential {
        let document: PolicyDocument
        do {
            document = try PolicyDocument.parse(CredentialSnapshot.rootPolicyDocument, kind: .identity)
        } catch {
            preconditionFailure("the root policy is a constant that loads: \(error)")
        }
        let policies = CompiledPolicySet(
            IdentityPolicySet(identity: [NamedPolicy(name: "RootFullAccess", document: document)])
        )
        let principal: Principal
        do {
            principal = try Principal(arn: arn, policies: policies)
        } catch {
            preconditionFailure("a root ARN from a checked account parses: \(error.message)")
        }
        return SigV4StoredCredential(credentials: credentials, principal: principal)
    }

    /// One line for a person: where the root key comes from (never the secret).
    public var notice: String {
        switch source {
        case .environment:
            "root credentials: access key \(credentials.accessKeyId) from \(Self.accessKeyIdVariable) and \(Self.secretAccessKeyVariable)"
        case .file(let path, true):
            "root credentials: generated access key \(credentials.accessKeyId); the secret is in \(path) (mode 0600, an AWS credentials file, profile default)"
        case .file(let path, false):
            "root credentials: access key \(credentials.accessKeyId); the secret is in \(path) (mode 0600, an AWS credentials file, profile default)"
        }
    }

    public var description: String { "RootCredentials(\(credentials), \(arn))" }
}
