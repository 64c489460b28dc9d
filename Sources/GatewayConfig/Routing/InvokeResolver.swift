/// Resolves a request's Host and path to an API, a stage and the path within the stage, against
/// the APIs and custom domains being served. An immutable value, rebuilt with the routing tables.
public struct InvokeResolver: Sendable {
    /// What a request is addressed to.
    public enum Resolution: Sendable, Equatable {
        /// An API's stage, and the path within it (starting with `/`, query string kept).
        case stage(apiID: APIIdentifier, stage: String, path: String, via: Form)
        /// A known API but no such stage: API Gateway answers 403 `{"message":"Forbidden"}`.
        case unknownStage(apiID: APIIdentifier, stage: String?)
        /// No API is addressed (an unknown id or host): the gateway answers as for an unknown
        /// stage, or serves its own paths.
        case noAPI
    }

    /// Which addressing form matched.
    public enum Form: Sendable, Equatable {
        case pathForm
        case host
        case customDomain(basePath: String)
    }

    /// Each API's stage names.
    let stages: [APIIdentifier: Set<String>]
    let mappings: [BasePathMapping]

    public init(stages: [APIIdentifier: Set<String>], mappings: [BasePathMapping] = []) {
        self.stages = stages
        // Longest base path first, so multi-level mappings win over shorter ones.
        self.mappings = mappings.sorted { $0.basePath.count > $1.basePath.count }
    }

    /// The target of a request with this Host header (may be `nil`) and path (the request
    /// target's path, query string allowed).
    public func resolve(host: String?, path: String) -> Resolution {
        if let (id, stage, rest) = InvokeURL.parsePathForm(path) {
            return named(id, stage, rest, via: .pathForm)
        }
        if let host {
            let name = InvokeURL.hostName(host)
            if let resolution = customDomain(name, path) { return resolution }
            if let id = InvokeURL.apiID(fromHost: host) {
                return stageFromPath(id, path, via: .host)
            }
        }
        return .noAPI
    }

    private func named(_ id: APIIdentifier, _ stage: String, _ path: String, via form: Form) -> Resolution {
        guard let known = stages[id] else { return .noAPI }
        guard known.contains(stage) else { return .unknownStage(apiID: id, stage: stage) }
        return .stage(apiID: id, stage: stage, path: path, via: form)
    }

    /// The stage from the first segment; an HTTP API's `$default` stage takes paths whose first
    /// segment names no stage.
    private func stageFromPath(_ id: APIIdentifier, _ path: String, via form: Form) -> Resolution {
        guard let known = stages[id] else { return .noAPI }
        let split = InvokeURL.firstSegment(path)
        if let split, known.contains(split.segment) {
            return .stage(apiID: id, stage: split.segment, path: split.rest, via: form)
        }
        if known.contains(Stage.defaultStageName) {
            let rest = path.hasPrefix("/") ? path : "/" + path
            return .stage(apiID: id, stage: Stage.defaultStageName, path: rest, via: form)
        }
        return .unknownStage(apiID: id, stage: split?.segment)
    }

    private func customDomain(_ host: String, _ path: String) -> Resolution? {
        let candidates = mappings.filter { $0.domainName == host }
        guard !candidates.isEmpty else { return nil }
        let pathOnly = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let query = path.dropFirst(pathOnly.count)
        let segments = pathOnly.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for mapping in candidates where segments.starts(with: mapping.basePath) {
            var rest = segments.dropFirst(mapping.basePath.count)
            let form = Form.customDomain(basePath: mapping.basePathText)
            let stage: String
            if let fixed = mapping.stage {
                stage = fixed
            } else {
                guard let first = rest.first else { return .unknownStage(apiID: mapping.apiID, stage: nil) }
                stage = first
                rest = rest.dropFirst()
            }
            let trailing = pathOnly.hasSuffix("/") && !rest.isEmpty ? "/" : ""
            let within = "/" + rest.joined(separator: "/") + trailing + query
            return named(mapping.apiID, stage, within, via: form)
        }
        return .noAPI
    }
}
