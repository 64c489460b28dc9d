import Foundation
import SigV4

/// `gatehouse sign --batch`: one request and signing context per JSON line (the conformance
/// suite's `context.json` keys plus `signature_type`, `algorithm`, `double_uri_encode`).
enum SignBatch {
    static func handle(_ line: [String: Any]) -> [String: Any] {
        do {
            return try sign(line)
        } catch let error as SigV4Error {
            return ["error": error.message, "code": error.code.description]
        } catch {
            return ["error": "\(error)", "code": "invalidInput"]
        }
    }

    private static func sign(_ line: [String: Any]) throws -> [String: Any] {
        guard let raw = line.string("request") else { throw CLIError("`request` (raw HTTP/1.1 text) is required") }
        guard let context = line.object("context") else { throw CLIError("`context` is required") }
        guard let credentialsObject = context.object("credentials"),
            let id = credentialsObject.string("access_key_id"),
            let secret = credentialsObject.string("secret_access_key")
        else { throw CLIError("`context.credentials` needs access_key_id and secret_access_key") }
        guard let region = context.string("region"), let service = context.string("service") else {
            throw CLIError("`context.region` and `context.service` are required")
        }
        guard let timestamp = context.string("timestamp"), let date = AmzDate(iso8601: timestamp) else {
            throw CLIError("`context.timestamp` must be an ISO 8601 time")
        }
        let algorithmName = context.string("algorithm") ?? "v4"
        guard algorithmName == "v4" || algorithmName == "v4a" else {
            throw CLIError("`context.algorithm` is `v4` or `v4a`, not `\(algorithmName)`")
        }
        let signatureType = context.string("signature_type") ?? "header"
        guard signatureType == "header" || signatureType == "query" else {
            throw CLIError("`context.signature_type` is `header` or `query`, not `\(signatureType)`")
        }
        var request = try RawHTTPRequest.parse(raw)
        if let body = try line.base64Body() { request.payload = .bytes(body) }
        if context["expiration_in_seconds"] != nil && context.int("expiration_in_seconds") == nil {
            throw CLIError("`context.expiration_in_seconds` must be an integer")
        }
        let location: SigningConfiguration.Location =
            signatureType == "query" ? .query(expiresIn: context.int("expiration_in_seconds") ?? 3600) : .header
        // S3 presigned URLs sign UNSIGNED-PAYLOAD (reference/sigv4.md §1.5) unless told otherwise.
        let s3Family = ["s3", "s3-express", "s3-outposts"].contains(service)
        let unsignedPayload = context.bool("unsigned_payload") ?? (s3Family && signatureType == "query")
        let configuration = SigningConfiguration(
            region: region,
            service: service,
            algorithm: algorithmName == "v4a" ? .sigV4a : .sigV4,
            location: location,
            normalizePath: context.bool("normalize") ?? true,
            doubleURIEncode: context.bool("double_uri_encode") ?? true,
            payloadSigning: unsignedPayload ? .unsignedPayload : .hashBody,
            addContentSHA256Header: (context.bool("sign_body") ?? false) && signatureType == "header",
            sessionTokenPlacement: (context.bool("omit_session_token") ?? false) ? .unsigned : .signed
        )
        let credentials = AWSCredentials(
            accessKeyId: id,
            secretAccessKey: secret,
            sessionToken: credentialsObject.string("token")
        )
        let signed = try SigV4Signer(credentials: credentials, configuration: configuration).sign(request, at: date)
        var out: [String: Any] = [
            "canonicalRequest": signed.canonicalRequest,
            "stringToSign": signed.stringToSign,
            "signature": signed.signature,
            "signedRequest": String(
                decoding: RawHTTPRequest.serialize(signed.request, lineEnding: "\n"),
                as: UTF8.self
            ),
        ]
        if let authorization = signed.authorization {
            out["authorization"] = authorization
        } else {
            let host = signed.request.firstValue(of: "host") ?? ""
            out["url"] = "https://\(host)\(signed.request.target)"
        }
        return out
    }
}
