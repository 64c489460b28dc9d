/// An API's methods as served on one stage, compiled into a per-segment trie: an immutable value
/// the server builds once per (deployment, stage) and swaps whole when the configuration changes.
///
/// Matching is API Gateway's (reference/gateway.md, "Routing"): at each segment a literal beats
/// `{param}`, which beats a greedy `{proxy+}`; matching is method-aware and backtracks, so the most
/// specific resource *that has the request's method or `ANY`* wins, and on that resource the
/// exact verb beats `ANY`. `/{proxy+}` does not match `/`. An HTTP API's `$default` answers when
/// nothing else does. `ReferenceRouter` is the plain twin a seeded differential test holds this
/// to.
///
/// Each trie node sits at one depth and a request segment is compared with a node only at that
/// depth, so one lookup visits each node at most once, however the trie is shaped.
public struct RoutingTable: Sendable {
    /// The API's kind (HTTP APIs fall back to `$default`).
    public let kind: APIKind
    /// The stage name the table was built for.
    public let stageName: String
    /// Every compiled method; a lookup returns one of them.
    public let routes: [Route]

    /// A node of the trie: the resource at one path prefix.
    struct Node: Sendable {
        /// Literal children, sorted by their bytes for binary search.
        var literals: [(key: [UInt8], child: Int32)] = []
        /// The `{param}` child, -1 for none.
        var parameter: Int32 = -1
        /// The methods of the resource ending here, by verb slot (route index or -1); empty when
        /// no resource ends here.
        var methods: [Int32] = []
        /// The methods of this node's greedy `{proxy+}` child, by verb slot; empty for none.
        var greedy: [Int32] = []
    }

    let nodes: [Node]
    /// The `$default` route's index, -1 for none.
    let defaultRoute: Int32

    /// Why a table could not be built.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Compiles `api` (a deployment's snapshot) for `stage`. Refuses what API Gateway refuses:
    /// a path declared twice, a verb declared twice on one resource, and sibling parameters with
    /// different names (`/pets/{id}` beside `/pets/{name}/toys`).
    public init(api: APIDefinition, stage: Stage) throws(Problem) {
        kind = api.kind
        stageName = stage.stageName
        var routes: [Route] = []
        var nodes = [Node()]
        var parameterNames: [Int: String] = [:]  // node index of a parameter child → its name
        var greedyNames: [Int: String] = [:]  // parent node index → its greedy child's name
        var seenPaths: Set<ResourcePath> = []

        for resource in api.resources {
            guard seenPaths.insert(resource.path).inserted else {
                throw Problem(message: "the resource `\(resource.path)` is declared twice")
            }
            var node = 0
            var names: [String] = []
            var greedyName: String? = nil
            for segment in resource.path.segments {
                switch segment {
                case .literal(let text):
                    let key = Array(text.utf8)
                    if let existing = nodes[node].literals.first(where: { $0.key == key }) {
                        node = Int(existing.child)
                    } else {
                        nodes.append(Node())
                        nodes[node].literals.append((key, Int32(nodes.count - 1)))
                        node = nodes.count - 1
                    }
                case .parameter(let name):
                    if nodes[node].parameter < 0 {
                        nodes.append(Node())
                        nodes[node].parameter = Int32(nodes.count - 1)
                        parameterNames[nodes.count - 1] = name
                    }
                    let child = Int(nodes[node].parameter)
                    guard parameterNames[child] == name else {
                        throw Problem(
                            message: "the resource `\(resource.path)` names a parameter `{\(name)}` where a "
                                + "sibling resource names it `{\(parameterNames[child] ?? "")}`"
                        )
                    }
                    names.append(name)
                    node = child
                case .greedy(let name):
                    if let other = greedyNames[node], other != name {
                        throw Problem(
                            message: "the resource `\(resource.path)` names a greedy parameter `{\(name)+}` where "
                                + "a sibling resource names it `{\(other)+}`"
                        )
                    }
                    greedyNames[node] = name
                    greedyName = name
                    names.append(name)
                }
            }
            var slots = [Int32](repeating: -1, count: 8)
            for method in resource.methods {
                let slot = RequestPath.slot(of: method.verb)
                guard slots[slot] < 0 else {
                    throw Problem(message: "the resource `\(resource.path)` declares `\(method.verb)` twice")
                }
                slots[slot] = Int32(routes.count)
                routes.append(
                    Route(
                        resourcePath: resource.path,
                        method: method,
                        settings: stage.effectiveSettings(for: resource.path, verb: method.verb),
                        routeKey: "\(method.verb) \(resource.path)",
                        parameterNames: names,
                        isDefaultRoute: false
                    )
                )
            }
            guard !resource.methods.isEmpty else { continue }
            if greedyName != nil {
                nodes[node].greedy = slots
            } else {
                nodes[node].methods = slots
            }
        }
        for index in nodes.indices { nodes[index].literals.sort { $0.key.lexicographicallyPrecedes($1.key) } }

        if let method = api.defaultRoute {
            defaultRoute = Int32(routes.count)
            routes.append(
                Route(
                    resourcePath: .root,
                    method: method,
                    settings: stage.effectiveSettings(for: .root, verb: method.verb),
                    routeKey: "$default",
                    parameterNames: [],
                    isDefaultRoute: true
                )
            )
        } else {
            defaultRoute = -1
        }
        self.routes = routes
        self.nodes = nodes
    }

    /// The route for `method` (`GET`, exactly as sent) and `path` (the part after the stage,
    /// e.g. `/pets/42`; a query string is ignored).
    public func match(method: String, path: String) -> RouteLookup {
        let utf8 = path.utf8
        let (start, end) = RequestPath.bounds(utf8)
        if let slot = RequestPath.verbSlot(method) {
            var captures: [Range<String.Index>] = []
            if let route = descend(0, start, end, utf8, slot, &captures) {
                let found = routes[Int(route)]
                var parameters: [(name: String, value: String)] = []
                parameters.reserveCapacity(captures.count)
                for (name, range) in zip(found.parameterNames, captures) {
                    // Segment bounds sit at `/` or the ends: scalar-aligned, so slicing the string is exact.
                    parameters.append((name, String(path[range])))
                }
                return .matched(RouteMatch(route: found, pathParameters: parameters))
            }
        }
        if defaultRoute >= 0 {
            return .matched(RouteMatch(route: routes[Int(defaultRoute)], pathParameters: []))
        }
        return .noRoute(NoRoute(method: method, path: path))
    }

    /// The route a method set offers for `slot`: the exact verb, else `ANY`.
    private static func pick(_ methods: [Int32], _ slot: Int) -> Int32? {
        guard !methods.isEmpty else { return nil }
        if methods[slot] >= 0 { return methods[slot] }
        if methods[RequestPath.anySlot] >= 0 { return methods[RequestPath.anySlot] }
        return nil
    }

    /// Depth-first: the literal child, then the parameter child, then the greedy child.
    private func descend(
        _ index: Int,
        _ position: String.Index,
        _ end: String.Index,
        _ utf8: String.UTF8View,
        _ slot: Int,
        _ captures: inout [Range<String.Index>]
    ) -> Int32? {
        let node = nodes[index]
        guard position < end else { return Self.pick(node.methods, slot) }
        let segmentEnd = utf8[position..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
        let next = segmentEnd < end ? utf8.index(after: segmentEnd) : end
        if segmentEnd > position {
            let segment = utf8[position..<segmentEnd]
            if let child = literalChild(node, segment) {
                if let found = descend(Int(child), next, end, utf8, slot, &captures) { return found }
            }
            if node.parameter >= 0 {
                captures.append(position..<segmentEnd)
                if let found = descend(Int(node.parameter), next, end, utf8, slot, &captures) { return found }
                captures.removeLast()
            }
        }
        if let found = Self.pick(node.greedy, slot) {
            captures.append(position..<end)
            return found
        }
        return nil
    }

    /// The literal child matching `segment`: binary search on the bytes as sent, then (for a
    /// segment with `%`) a scan comparing decoded bytes.
    private func literalChild(_ node: Node, _ segment: Substring.UTF8View) -> Int32? {
        var low = 0
        var high = node.literals.count
        while low < high {
            let middle = (low + high) / 2
            let key = node.literals[middle].key
            if key.lexicographicallyPrecedes(segment) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        if low < node.literals.count, node.literals[low].key.elementsEqual(segment) { return node.literals[low].child }
        guard segment.contains(UInt8(ascii: "%")) else { return nil }
        return node.literals.first { RequestPath.segment(segment, matches: $0.key) }?.child
    }
}
