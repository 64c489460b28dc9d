/// An API's `binaryMediaTypes` (REST APIs, `x-amazon-apigateway-binary-media-types`): which
/// request bodies a Lambda proxy event carries base64-encoded, and which base64 function answers
/// are decoded before they go back (reference/gateway.md, "Lambda proxy, payload 1.0").
///
/// An entry is a media type (`image/png`), a type with any subtype (`image/*`) or `*/*`;
/// comparison ignores case and the parameters after `;`. The client's `Accept` is read range by
/// range, each compared as written: `Accept: */*` matches only an entry `*/*`, as in API Gateway,
/// where a client must ask for the binary type it wants.
enum BinaryMediaTypes {
    /// Whether the media type of `contentType` (a `Content-Type` value) is one of `entries`.
    static func matches(_ contentType: String?, _ entries: [String]) -> Bool {
        guard let contentType, !entries.isEmpty else { return false }
        let type = mediaType(contentType)
        guard !type.isEmpty else { return false }
        return entries.contains { entry in
            let pattern = mediaType(entry)
            if pattern == "*/*" || pattern == type { return true }
            if pattern.hasSuffix("/*"), let slash = type.firstIndex(of: "/") {
                return pattern.dropLast(1) == type[...slash]
            }
            return false
        }
    }

    /// Whether any media range of an `Accept` value is one of `entries`.
    static func accepts(_ accept: String?, _ entries: [String]) -> Bool {
        guard let accept, !entries.isEmpty else { return false }
        return accept.split(separator: ",").contains { matches(String($0), entries) }
    }

    /// `text/Plain; charset=utf-8` → `text/plain`.
    private static func mediaType(_ value: String) -> String {
        let head = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let leading = head.drop(while: blank)
        let trimmed = leading.prefix(leading.count - leading.reversed().prefix(while: blank).count)
        return trimmed.lowercased()
    }
}
