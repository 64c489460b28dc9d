extension ResourcePath {
    /// The path a method ARN names for a request this resource matched — worked out from the
    /// match, not from the request's bytes, so that every policy judges the resource the request
    /// reaches.
    ///
    /// The router reads paths leniently, as API Gateway does: leading and trailing slashes are
    /// dropped and a literal segment also matches its percent-decoding (``RequestPath``). A method
    /// ARN built from the raw path would then name another resource than the one served —
    /// `GET/admin/` or `GET/%61dmin` for the `/admin` method, `GET/_user_request_` for the root —
    /// and a `Deny` on `GET/admin` would miss them. Here each literal segment is the resource's
    /// own text, each `{param}` the raw segment it captured and `{proxy+}` the raw rest (inner
    /// empty segments kept, as captured); the root is `/`.
    ///
    /// - Parameter requestPath: the request's path within the stage, undecoded (a query string
    ///   is ignored).
    /// - Returns: `nil` when `requestPath` does not match this resource at all (the caller
    ///   refuses: a method ARN it cannot trust must not be judged).
    public func methodPath(for requestPath: String) -> String? {
        let (start, end) = RequestPath.bounds(requestPath.utf8)
        let routed = requestPath[start..<end]
        let raw = routed.isEmpty ? [] : routed.split(separator: "/", omittingEmptySubsequences: false)
        var parts: [Substring] = []
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < raw.count, RequestPath.segment(raw[index].utf8, matches: Array(text.utf8)) else {
                    return nil
                }
                parts.append(Substring(text))
                index += 1
            case .parameter:
                guard index < raw.count, !raw[index].isEmpty else { return nil }
                parts.append(raw[index])
                index += 1
            case .greedy:
                guard index < raw.count else { return nil }
                parts.append(contentsOf: raw[index...])
                index = raw.count
            }
        }
        guard index == raw.count else { return nil }
        return "/" + parts.joined(separator: "/")
    }
}
