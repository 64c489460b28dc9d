import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import IAMPolicy
import SigV4

/// The credentials a verifier accepts, from JSON or an AWS credentials INI file.
enum CredentialsFile {
    static func load(_ path: String) throws -> [SigV4StoredCredential] {
        let bytes = try readFile((path as NSString).expandingTildeInPath, option: "--credentials")
        if let json = try? JSONParser.parse(bytes) {
            // JSON: a list of credentials, or {"credentials": [...]}; every field read by exact type.
            do {
                var list: [JSONNode] = []
                var prefix = ""
                switch json.value {
                case .array(let elements): list = elements
                default:
                    var file = try JSONObjectReader(json.value)
                    let credentials = try file.value("credentials", expected: "a list of credentials")
                    guard case .array(let elements) = credentials else {
                        throw file.wrongType("credentials", credentials, expected: "a list of credentials")
                    }
                    try file.finish()
                    (list, prefix) = (elements, "credentials")
                }
                return try list.enumerated().map { index, element in
                    try credential(from: JSONObjectReader(element.value, path: "\(prefix)[\(index)]"))
                }
            } catch let error as JSONObjectReader.Failure {
                throw CLIError("\(path): \(error.message)")
            }
        }
        // An AWS shared credentials file, read as the AWS CLI reads it (SigV4's `INIFile`): every
        // section with an aws_access_key_id is a credential.
        let file: INIFile
        do {
            file = try INIFile(bytes: bytes, path: path)
        } catch {
            throw CLIError(error.message)
        }
        var found: [SigV4StoredCredential] = []
        for section in file.sections {
            guard let id = section["aws_access_key_id"] else { continue }
            guard let secret = section["aws_secret_access_key"] else {
                throw CLIError("\(path): `\(id)` has no aws_secret_access_key")
            }
            found.append(
                SigV4StoredCredential(
                    credentials: AWSCredentials(
                        accessKeyId: id,
                        secretAccessKey: secret,
                        sessionToken: section["aws_session_token"]
                    ),
                    principal: try defaultPrincipal(id)
                )
            )
        }
        guard !found.isEmpty else {
            throw CLIError("\(path): no credentials found (neither JSON nor an INI file with aws_access_key_id)")
        }
        return found
    }

    /// One credential object, every field read by exact type (``JSONObjectReader``).
    static func credential(from fields: JSONObjectReader) throws -> SigV4StoredCredential {
        var object = fields
        let id = try object.string("access_key_id")
        let secret = try object.string("secret_access_key")
        guard !id.isEmpty, !secret.isEmpty else {
            throw CLIError("`\(object.path)`: access_key_id and secret_access_key must not be empty")
        }
        let token = try object.optionalString("token")
        let principalText = try object.optionalString("principal")
        var expiration: AmzDate? = nil
        if let text = try object.optionalString("expiration") {
            guard let date = AmzDate(iso8601: text) else {
                throw CLIError("`\(object.path(of: "expiration"))` is not an ISO 8601 time")
            }
            expiration = date
        }
        try object.finish()
        let principal: Principal
        if let principalText {
            do {
                principal = try Principal(arn: principalText)
            } catch {
                throw CLIError("`\(object.path(of: "principal"))`: \(error.message)")
            }
        } else {
            principal = try defaultPrincipal(id)
        }
        return SigV4StoredCredential(
            credentials: AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token),
            principal: principal,
            expiration: expiration
        )
    }

    /// The principal a key without one signs as: an IAM user named after the key, in the
    /// default account.
    static func defaultPrincipal(_ accessKeyId: String) throws -> Principal {
        do {
            return try Principal.user(accessKeyId, account: "000000000000")
        } catch {
            throw CLIError("access key id `\(accessKeyId)` makes no principal: \(error.message)")
        }
    }
}
