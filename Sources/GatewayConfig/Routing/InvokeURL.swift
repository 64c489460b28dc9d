/// Where a request is addressed: which API, which stage, and the path within the stage.
///
/// Three forms reach an API (reference/gateway.md, "Endpoints, custom domains, base path mappings"):
/// - the path form `/restapis/{apiId}/{stage}/_user_request_/{path}` on any host (LocalStack's, so
///   one listener serves every API without DNS);
/// - the host form `{apiId}.execute-api.{anything}` (`a1b2c3d4e5.execute-api.localhost:8080`), with
///   the stage as the first path segment (an HTTP API's `$default` stage has none);
/// - a custom domain with base path mappings, longest base path first.
///
/// Parsing is pure; ``InvokeResolver`` adds which APIs and stages exist.
public enum InvokeURL {
    /// The parts of a request addressed by the path form: `nil` unless the path starts with
    /// `/restapis/{apiId}/{stage}/_user_request_`. The path after it keeps its text (`/` when empty).
    public static func parsePathForm(_ path: String) -> (apiID: APIIdentifier, stage: String, path: String)? {
        let prefix = "/restapis/"
        guard path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = APIIdentifier(String(parts[0])), !parts[1].isEmpty else { return nil }
        let marker = "_user_request_"
        let rest = parts[2]
        guard rest.hasPrefix(marker) else { return nil }
        let after = rest.dropFirst(marker.count)
        // `…/_user_request_`, `…/_user_request_/path`, `…/_user_request_?query`.
        guard after.isEmpty || after.first == "/" || after.first == "?" else { return nil }
        return (id, String(parts[1]), after.first == "/" ? String(after) : "/" + after)
    }

    /// The API id of an `execute-api` host (`a1b2c3d4e5.execute-api.localhost:8080`), compared
    /// without case; `nil` for any other host.
    public static func apiID(fromHost host: String) -> APIIdentifier? {
        let name = hostName(host)
        let marker = ".execute-api."
        guard let range = name.firstRange(of: marker), range.upperBound < name.endIndex else { return nil }
        return APIIdentifier(String(name[..<range.lowerBound]))
    }

    /// A Host header's name: lower case, without a port (IPv6 literals keep their brackets).
    public static func hostName(_ host: String) -> String {
        var name = host.lowercased()
        if name.hasPrefix("[") {
            if let close = name.firstIndex(of: "]") { name = String(name[...close]) }
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// Splits `/stage/rest` into the first segment and the rest (`/` when empty). Empty segments
    /// right after the host are skipped, as API Gateway drops them.
    static func firstSegment(_ path: String) -> (segment: String, rest: String)? {
        var text = Substring(path)
        if let query = text.firstIndex(of: "?") {
            let (head, tail) = (text[..<query], text[query...])
            text = head
            return split(text, query: String(tail))
        }
        return split(text, query: "")
    }

    private static func split(_ text: Substring, query: String) -> (segment: String, rest: String)? {
        let trimmed = text.drop { $0 == "/" }
        guard !trimmed.isEmpty else { return nil }
        if let slash = trimmed.firstIndex(of: "/") {
            return (String(trimmed[..<slash]), String(trimmed[slash...]) + query)
        }
        return (String(trimmed), "/" + query)
    }
}
