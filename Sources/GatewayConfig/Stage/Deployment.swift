/// An immutable snapshot of an API that stages point at: changing the API's configuration makes a
/// new deployment, and a stage keeps serving the one it names until it is pointed elsewhere.
public struct Deployment: Sendable, Equatable {
    /// API Gateway's deployment ids are short lowercase alphanumerics (`v99qix`).
    public let id: String
    public let description: String?
    /// The API as it was when deployed.
    public let api: APIDefinition

    public init(id: String, description: String? = nil, api: APIDefinition) {
        self.id = id
        self.description = description
        self.api = api
    }

    /// Whether `id` is a usable deployment id: 1 to 64 letters, digits, `_` and `-`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { ResourcePath.isNameByte($0) && $0 != UInt8(ascii: ".") }
    }
}
