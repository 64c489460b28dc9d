import GatehouseCore

/// The plain twin of ``RoutingTable``: no trie, no byte tricks — every route is tried against the
/// request's segments, and the most specific is chosen by comparing per-segment ranks (literal 0,
/// `{param}` 1, greedy 2) lexicographically, then the exact verb over `ANY`. Slow and obviously
/// right; the differential test holds the compiled table to it.
package struct ReferenceRouter: Sendable {
    let api: APIDefinition

    package init(api: APIDefinition) { self.api = api }

    /// The matched route key and parameters, or `nil` for no route.
    package func match(method: String, path: String) -> (routeKey: String, parameters: [(String, String)])? {
        var text = path
        if let query = text.firstIndex(of: "?") { text = String(text[..<query]) }
        while text.hasPrefix("/") { text.removeFirst() }
        while text.hasSuffix("/") { text.removeLast() }
        let segments: [String] =
            text.isEmpty ? [] : text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let verbs = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

        var best: (ranks: [Int], routeKey: String, parameters: [(String, String)])? = nil
        if verbs.contains(method) {
            for resource in api.resources {
                guard let (ranks, parameters) = Self.fit(resource.path, segments) else { continue }
                let method =
                    resource.methods.first { $0.verb.name == method } ?? resource.methods.first { $0.verb == .any }
                guard let method else { continue }
                if best == nil || ranks.lexicographicallyPrecedes(best!.ranks) {
                    best = (ranks, "\(method.verb) \(resource.path)", parameters)
                }
            }
        }
        if let best { return (best.routeKey, best.parameters) }
        if api.defaultRoute != nil { return ("$default", []) }
        return nil
    }

    /// Whether `template` fits `segments`, with its ranks and captured parameters.
    static func fit(_ template: ResourcePath, _ segments: [String]) -> ([Int], [(String, String)])? {
        var ranks: [Int] = []
        var parameters: [(String, String)] = []
        for (index, part) in template.segments.enumerated() {
            switch part {
            case .greedy(let name):
                guard index < segments.count else { return nil }
                ranks.append(2)
                parameters.append((name, segments[index...].joined(separator: "/")))
                return (ranks, parameters)
            case .literal(let literal):
                // Bytes, never String equality (which would equate precomposed and decomposed `é`).
                guard index < segments.count, !segments[index].isEmpty,
                    Array(segments[index].utf8) == Array(literal.utf8)
                        || percentDecoded(segments[index]) == Array(literal.utf8)
                else { return nil }
                ranks.append(0)
            case .parameter(let name):
                guard index < segments.count, !segments[index].isEmpty else { return nil }
                ranks.append(1)
                parameters.append((name, segments[index]))
            }
        }
        return template.segments.count == segments.count ? (ranks, parameters) : nil
    }

    /// `%XX` decoded where valid; other bytes as they are.
    static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = HexDigit.value(of: bytes[index + 1]), let low = HexDigit.value(of: bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}
