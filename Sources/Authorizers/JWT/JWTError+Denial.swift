public import GatehouseCore

extension JWTError {
    /// The answer for a refused token: 401 `{"message":"Unauthorized"}` whatever the code
    /// (reference/gateway.md, "JWT authorizers"): the client learns that the token was refused,
    /// not why. An HTTP API adds AWS's `www-authenticate: Bearer scope="" error="invalid_token"
    /// error_description="…"`, the description this error's message (printable ASCII only,
    /// quotes and backslashes as `'`, so a claim value cannot break the header). The log reason
    /// names the code and message, which never contain the token.
    public func denial(api: AccessDenial.API = .rest) -> AccessDenial {
        var headers: [AccessDenial.Header] = []
        if api == .http {
            headers.append(
                AccessDenial.Header(
                    name: "www-authenticate",
                    value: #"Bearer scope="" error="invalid_token" error_description=""#
                        + Self.headerSafe(message) + "\""
                )
            )
        }
        return .unauthorized(api: api, headers: headers, reason: "token refused (\(code.name)): \(message)")
    }

    /// `text` with every byte outside printable ASCII as `?` and `"`/`\` as `'`.
    static func headerSafe(_ text: String) -> String {
        String(
            decoding: text.utf8.map { byte -> UInt8 in
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): return UInt8(ascii: "'")
                case 0x20..<0x7F: return byte
                default: return UInt8(ascii: "?")
                }
            },
            as: UTF8.self
        )
    }
}
