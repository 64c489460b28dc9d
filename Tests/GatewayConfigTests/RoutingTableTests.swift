import GatehouseCore
import GatewayConfig
import TestSupport
import Testing

@Suite("Routing: API Gateway's precedence (TestVectors/gateway/routing-cases.json)")
struct RoutingTableTests {
    @Test(arguments: try VectorCase.all("routing-cases.json"))
    func vector(_ vector: VectorCase) throws {
        let api = try routingAPI(
            kind: vector.string("kind")!,
            resources: vector["resources"] as! [String: [String]],
            defaultRoute: vector["default"] as! Bool
        )
        let table = try RoutingTable(api: api, stage: Stage(stageName: "test"))
        let reference = ReferenceRouter(api: api)
        for request in vector["requests"] as! [[String: Any]] {
            let method = request["method"] as! String
            let path = request["path"] as! String
            let expected = request["route"] as? String
            let parameters = request["parameters"] as! [String: String]
            let lookup = table.match(method: method, path: path)
            let found = reference.match(method: method, path: path)
            #expect(lookup.match?.route.routeKey == expected, "\(method) \(path)")
            #expect(found?.routeKey == expected, "reference: \(method) \(path)")
            if let match = lookup.match {
                #expect(
                    Dictionary(uniqueKeysWithValues: match.pathParameters.map { ($0.name, $0.value) }) == parameters
                )
                #expect(match.pathParameters.map(\.name) == match.route.parameterNames)
            } else {
                guard case .noRoute(let none) = lookup else { continue }
                let denial = none.denial
                #expect(denial.status == 403)
                #expect(denial.body == #"{"message":"Missing Authentication Token"}"#)
            }
        }
    }

    @Test("a table refuses sibling parameters with different names, and a verb declared twice")
    func conflicts() throws {
        var api = APIDefinition(name: "a")
        api.resources = [
            Resource(path: try ResourcePath(parsing: "/p/{id}"), methods: [Method(verb: .get)]),
            Resource(path: try ResourcePath(parsing: "/p/{name}/x"), methods: [Method(verb: .get)]),
        ]
        #expect(throws: RoutingTable.Problem.self) { try RoutingTable(api: api, stage: Stage(stageName: "s")) }
        api.resources = [
            Resource(path: try ResourcePath(parsing: "/p/{a+}"), methods: [Method(verb: .get)]),
            Resource(path: try ResourcePath(parsing: "/p/{b+}"), methods: [Method(verb: .post)]),
        ]
        #expect(throws: RoutingTable.Problem.self) { try RoutingTable(api: api, stage: Stage(stageName: "s")) }
        api.resources = [Resource(path: .root, methods: [Method(verb: .get), Method(verb: .get)])]
        #expect(throws: RoutingTable.Problem.self) { try RoutingTable(api: api, stage: Stage(stageName: "s")) }
    }

    @Test("each route carries the stage's settings in effect for it")
    func settings() throws {
        var api = APIDefinition(name: "a")
        api.resources = [
            Resource(path: try ResourcePath(parsing: "/pets"), methods: [Method(verb: .get), Method(verb: .post)])
        ]
        var all = MethodSettings()
        all.throttlingRateLimit = 10
        var get = MethodSettings()
        get.cachingEnabled = true
        let stage = Stage(
            stageName: "prod",
            methodSettings: [.all: all, MethodSettingsKey(parsing: "pets/GET")!: get]
        )
        let table = try RoutingTable(api: api, stage: stage)
        let getRoute = try #require(table.match(method: "GET", path: "/pets").match).route
        let postRoute = try #require(table.match(method: "POST", path: "/pets").match).route
        #expect(getRoute.settings.cachingEnabled == true && getRoute.settings.throttlingRateLimit == 10)
        #expect(postRoute.settings.cachingEnabled == nil && postRoute.settings.throttlingRateLimit == 10)
    }

    @Test("templates: what parses and what is refused")
    func templates() throws {
        #expect(try ResourcePath(parsing: "/").segments.isEmpty)
        #expect(try ResourcePath(parsing: "/pets/").description == "/pets")
        #expect(try ResourcePath(parsing: "/a/{b}/{c+}").segments == [.literal("a"), .parameter("b"), .greedy("c")])
        for bad in ["", "pets", "/a//b", "/{}", "/{a", "/{a+}/b", "/{a}/{a}", "/a%20b", "/x{y}", "/{a b}"] {
            #expect(throws: ResourcePath.Problem.self, "\(bad)") { try ResourcePath(parsing: bad) }
        }
    }
}

/// The compiled trie against the plain reference router over seeded random APIs and paths.
@Suite("Routing: differential against the reference router")
struct RoutingDifferentialTests {
    static let literals = ["pets", "dogs", "a", "b", "caf\u{e9}", "x-y", "v1"]
    static let names = ["id", "name", "proxy"]

    /// A random template built from the small alphabet above; parameter names depend on depth
    /// only, so sibling parameters always share a name (as a valid table must).
    static func randomPath(_ random: inout SeededRandom) -> ResourcePath {
        let depth = random.below(5)
        var segments: [ResourcePath.Segment] = []
        for level in 0..<depth {
            switch random.below(10) {
            case 0..<6: segments.append(.literal(literals[random.below(literals.count)]))
            case 6..<9: segments.append(.parameter("p\(level)"))
            default:
                segments.append(.greedy("g\(level)"))
                return ResourcePath(segments: segments)
            }
        }
        return ResourcePath(segments: segments)
    }

    static func randomRequestPath(_ random: inout SeededRandom) -> String {
        let pieces = literals + ["P%65ts", "caf%C3%A9", "cafe%CC%81", "%zz", "42", "", "a+b", "%2F"]
        var path = random.below(8) == 0 ? "//" : "/"
        let count = random.below(6)
        path += (0..<count).map { _ in pieces[random.below(pieces.count)] }.joined(separator: "/")
        if random.below(5) == 0 { path += "/" }
        if random.below(8) == 0 { path += "?q=1/2" }
        return path
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agrees(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let verbs = HTTPVerb.all
        let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get"]
        for _ in 0..<60 {
            var api = APIDefinition(name: "r", kind: random.below(3) == 0 ? .http : .rest)
            var seen: Set<ResourcePath> = []
            for _ in 0..<(1 + random.below(12)) {
                let path = Self.randomPath(&random)
                guard seen.insert(path).inserted else { continue }
                var chosen: [Method] = []
                for verb in verbs where random.below(3) == 0 { chosen.append(Method(verb: verb)) }
                api.resources.append(Resource(path: path, methods: chosen))
            }
            if api.kind == .http, random.below(2) == 0 { api.defaultRoute = Method(verb: .any) }
            let table = try RoutingTable(api: api, stage: Stage(stageName: "s"))
            let reference = ReferenceRouter(api: api)
            for _ in 0..<80 {
                let method = methods[random.below(methods.count)]
                let path = Self.randomRequestPath(&random)
                let fast = table.match(method: method, path: path).match
                let plain = reference.match(method: method, path: path)
                #expect(fast?.route.routeKey == plain?.routeKey, "seed \(seed): \(method) \(path)")
                #expect(
                    fast?.pathParameters.map { "\($0.name)=\($0.value)" } ?? []
                        == plain?.parameters.map { "\($0.0)=\($0.1)" } ?? [],
                    "seed \(seed): \(method) \(path)"
                )
            }
        }
    }
}
