import Foundation
import GatehouseCore
import IAMPolicy
import SigV4

/// `gatehouse sign --batch`: one request and signing context per JSON line (the conformance
/// suite's `context.json` keys plus `signature_type`, `algorithm`, `double_uri_encode`).
///
/// Every field is read with its one type (``JSONObjectReader``): a wrong type, a value out of
/// range or an unknown key is an `invalidInput` answer naming the field, never a default.
enum SignBatch {
    static func handle(_ line: JSONObjectReader) -> [String: Any] {
        do {
            return try sign(line)
        } catch let error as SigV4Error {
            return ["error": error.message, "code": error.code.description]
        } catch {
            return ["error": "\(error)", "code": "invalidInput"]
        }
    }

    private static func sign(_ fields: JSONObjectReader) throws -> [String: Any] {
        var line = fields
        let raw = try line.string("request")
        let bodyText = try line.optionalString("body_base64")
        var context = try line.object("context")
        try line.finish()
        var credentialsObject = try context.object("credentials")
        let id = try credentialsObject.string("access_key_id")
        let secret = try credentialsObject.string("secret_access_key")
        let sessionToken = try credentialsObject.optionalString("token")
        try credentialsObject.finish()
        let region = try context.string("region")
        let service = try context.string("service")
        let timestamp = try context.string("timestamp")
        guard let date = AmzDate(iso8601: timestamp) else {
            throw CLIError("`context.timestamp` must be an ISO 8601 time, not `\(timestamp)`")
        }
        let algorithmName = try context.optionalChoice("algorithm", ["v4", "v4a"]) ?? "v4"
        let signatureType = try context.optionalChoice("signature_type", ["header", "query"]) ?? "header"
        let expiration = try context.optionalInteger("expiration_in_seconds", in: OptionRange.expires.range) ?? 3600
        let explicitUnsignedPayload = try context.optionalBool("unsigned_payload")
        let normalize = try context.optionalBool("normalize") ?? true
        let doubleURIEncode = try context.optionalBool("double_uri_encode") ?? true
        let signBody = try context.optionalBool("sign_body") ?? false
        let omitSessionToken = try context.optionalBool("omit_session_token") ?? false
        try context.finish()
        var request = try RawHTTPRequest.parse(raw)
        if let body = try JSONLines.base64Body(bodyText) { request.payload = .bytes(body) }
        let location: SigningConfiguration.Location =
            signatureType == "query" ? .query(expiresIn: expiration) : .header
        // S3 presigned URLs sign UNSIGNED-PAYLOAD (reference/sigv4.md §1.5) unless told otherwise.
        let s3Family = ["s3", "s3-express", "s3-outposts"].contains(service)
        let unsignedPayload = explicitUnsignedPayload ?? (s3Family && signatureType == "query")
        let configuration = SigningConfiguration(
            region: region,
            service: service,
            algorithm: algorithmName == "v4a" ? .sigV4a : .sigV4,
            location: location,
            normalizePath: normalize,
            doubleURIEncode: doubleURIEncode,
            payloadSigning: unsignedPayload ? .unsignedPayload : .hashBody,
            addContentSHA256Header: signBody && signatureType == "header",
            sessionTokenPlacement: omitSessionToken ? .unsigned : .signed
        )
        let credentials = AWSCredentials(
            accessKeyId: id,
            secretAccessKey: secret,
            sessionToken: sessionToken
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
