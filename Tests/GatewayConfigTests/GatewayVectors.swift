import Foundation
import GatehouseCore
import GatewayConfig
import Testing

/// `TestVectors/gateway/`, found from this file's path.
enum GatewayVectors {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestVectors/gateway")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(name)))
    }
}

/// A JSON object from a vector file: read once, never mutated.
struct VectorCase: CustomTestStringConvertible, @unchecked Sendable {
    let fields: [String: Any]
    var testDescription: String { "\(fields["id"] ?? "?"): \(fields["why"] ?? "")" }

    subscript(_ key: String) -> Any? { fields[key] }
    func string(_ key: String) -> String? { fields[key] as? String }

    static func all(_ file: String) throws -> [VectorCase] {
        (try GatewayVectors.json(file) as! [[String: Any]]).map(VectorCase.init)
    }
}

/// A method for a routing vector: the verb only (routing looks at nothing else).
func routingAPI(kind: String, resources: [String: [String]], defaultRoute: Bool) throws -> APIDefinition {
    var api = APIDefinition(name: "vector", kind: kind == "HTTP" ? .http : .rest)
    for (path, verbs) in resources.sorted(by: { $0.key < $1.key }) {
        api.resources.append(
            Resource(path: try ResourcePath(parsing: path), methods: verbs.map { Method(verb: HTTPVerb(named: $0)!) })
        )
    }
    if defaultRoute { api.defaultRoute = Method(verb: .any) }
    return api
}

/// The number of statements in a resource policy (0 for none).
func statementCount(_ policy: ResourcePolicy?) -> Int {
    guard let policy else { return 0 }
    switch policy.json.member("Statement")?.value {
    case .array(let statements): return statements.count
    case .object: return 1
    default: return 0
    }
}
