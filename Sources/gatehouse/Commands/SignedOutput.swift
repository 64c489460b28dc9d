import ArgumentParser
import Foundation
import SigV4

/// Renderings of a signed request.
enum SignedOutput {
    /// The headers signing added (X-Amz-Date, Authorization, …), in order.
    static func addedHeaders(original: SigV4Request, signed: SigV4Request) -> [SigV4Request.Header] {
        var remaining = original.headers
        var added: [SigV4Request.Header] = []
        for header in signed.headers {
            if let index = remaining.firstIndex(of: header) {
                remaining.remove(at: index)
            } else {
                added.append(header)
            }
        }
        return added
    }

    static func curlCommand(_ request: SigV4Request, url: String) -> String {
        var words = ["curl", "-X", request.method, ShellQuote.quote(url)]
        // curl computes Content-Length itself from the body.
        for header in request.headers where header.name.lowercased() != "content-length" {
            words += ["-H", ShellQuote.quote("\(header.name): \(header.value)")]
        }
        if !request.body.isEmpty {
            if let text = String(validating: request.body, as: UTF8.self) {
                words += ["--data-binary", ShellQuote.quote(text)]
            } else {
                words += ["--data-binary", "@BODY_FILE"]
            }
        }
        return words.joined(separator: " ")
    }

    static func json(_ signed: SignedRequest, url: String) -> [String: Any] {
        var object: [String: Any] = [
            "canonicalRequest": signed.canonicalRequest,
            "stringToSign": signed.stringToSign,
            "signature": signed.signature,
            "signedHeaders": signed.signedHeaders,
            "signedRequest": String(
                decoding: RawHTTPRequest.serialize(signed.request, lineEnding: "\n"),
                as: UTF8.self
            ),
            "url": url,
            "headers": signed.request.headers.map { ["name": $0.name, "value": $0.value] },
        ]
        if let authorization = signed.authorization { object["authorization"] = authorization }
        return object
    }
}
