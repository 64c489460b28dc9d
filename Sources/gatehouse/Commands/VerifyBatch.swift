import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseCrypto
import GatehouseStore
import IAMPolicy
import SigV4

/// `gatehouse verify --batch`.
enum VerifyBatch {
    /// Key caches shared by every line, as a server would share them.
    final class Caches: Sendable {
        let signingKeys = SigningKeyCache()
        let asymmetricKeys = SigV4aKeyCache()
    }

    /// One line, every field read by exact type and range (``JSONObjectReader``): a wrong type,
    /// an out-of-range `skew_seconds` or an unknown field is an `InputError` naming it.
    static func handle(_ fields: JSONObjectReader, caches: Caches) -> [String: Any] {
        do {
            var line = fields
            let raw = try line.string("request")
            let expected = "a list of {access_key_id, secret_access_key, token?}"
            let credentials = try line.value("credentials", expected: expected)
            guard case .array(let list) = credentials else {
                throw line.wrongType("credentials", credentials, expected: expected)
            }
            let store = StaticCredentialStore(
                try list.enumerated().map { index, element in
                    try CredentialsFile.credential(from: JSONObjectReader(element.value, path: "credentials[\(index)]"))
                }
            )
            let nowText = try line.string("now")
            guard let now = AmzDate(iso8601: nowText) else {
                throw CLIError("`now` must be an ISO 8601 time, not `\(nowText)`")
            }
            let bodyText = try line.optionalString("body_base64")
            let region = try line.optionalString("region") ?? "us-east-1"
            let service = try line.optionalString("service") ?? "execute-api"
            let s3 = try line.optionalBool("s3") ?? false
            let normalize = try line.optionalBool("normalize")
            let doubleURIEncode = try line.optionalBool("double_uri_encode")
            // The range of --skew-seconds.
            let skew = try line.optionalInteger("skew_seconds", in: OptionRange.skewSeconds.range)
            let allowUnsignedSessionToken = try line.optionalBool("allow_unsigned_session_token") ?? false
            let explain = try line.optionalBool("explain") ?? false
            try line.finish()
            var request = try RawHTTPRequest.parse(raw)
            if let body = try JSONLines.base64Body(bodyText) { request.payload = .bytes(body) }
            let verifier = SigV4Verifier(
                configuration: .init(
                    region: region,
                    service: service,
                    s3Rules: s3,
                    normalizePath: normalize,
                    doubleURIEncode: doubleURIEncode,
                    clockSkewSeconds: skew,
                    allowUnsignedSessionToken: allowUnsignedSessionToken,
                    includeCanonicalRequestInFailures: explain
                ),
                keyCache: caches.signingKeys,
                asymmetricKeyCache: caches.asymmetricKeys
            )
            return render(
                verifier.verify(request, now: now, lookup: store.lookup).resolvingPayload(request.body),
                explain: explain
            )
        } catch let error as SigV4Error {
            return ["valid": false, "reason": "InputError", "error": error.message, "code": error.code.description]
        } catch {
            return ["valid": false, "reason": "InputError", "error": "\(error)"]
        }
    }

    static func render(_ result: SigV4Verification, explain: Bool) -> [String: Any] {
        switch result {
        case .valid(let identity):
            return [
                "valid": true, "reason": "OK", "status": 200, "accessKeyId": identity.accessKeyId,
                "principal": identity.principal.arn, "algorithm": identity.algorithm.name,
                "presigned": identity.presigned,
            ]
        case .invalid, .payloadPending:
            let failure = result.failure!
            var out: [String: Any] = [
                "valid": false, "reason": failure.code.name, "errorType": failure.code.errorType,
                "status": failure.code.httpStatus, "message": explain ? failure.detailedMessage : failure.message,
                "accessKeyId": failure.accessKeyId ?? NSNull(),
            ]
            if let canonical = failure.canonicalRequest { out["canonicalRequest"] = canonical }
            if let stringToSign = failure.stringToSign { out["stringToSign"] = stringToSign }
            return out
        }
    }
}
