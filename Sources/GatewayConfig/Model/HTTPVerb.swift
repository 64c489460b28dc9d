/// A method's HTTP verb as a resource declares it: one of the seven API Gateway accepts, or `ANY`.
///
/// `ANY` matches every verb, but a resource's exact verb wins over its `ANY`; `HEAD` is its own
/// verb (a GET-only resource does not answer HEAD, as on AWS).
public struct HTTPVerb: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The verb in upper case (`GET`, `ANY`).
    public let name: String
    private init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let get = HTTPVerb("GET")
    public static let post = HTTPVerb("POST")
    public static let put = HTTPVerb("PUT")
    public static let delete = HTTPVerb("DELETE")
    public static let patch = HTTPVerb("PATCH")
    public static let head = HTTPVerb("HEAD")
    public static let options = HTTPVerb("OPTIONS")
    /// Every verb: the fallback of a resource for verbs it does not declare.
    public static let any = HTTPVerb("ANY")

    /// The verbs a resource may declare, `ANY` last.
    public static let all: [HTTPVerb] = [.get, .post, .put, .delete, .patch, .head, .options, .any]

    /// The verb spelled `name`, in any case (OpenAPI writes `get`, API Gateway `GET`);
    /// `x-amazon-apigateway-any-method` is `ANY`. `nil` for anything else.
    public init?(named name: String) {
        let upper = name.uppercased()
        if upper == "X-AMAZON-APIGATEWAY-ANY-METHOD" {
            self = .any
            return
        }
        guard let verb = Self.all.first(where: { $0.name == upper }) else { return nil }
        self = verb
    }

    /// A fixed order for listing and export: the order of ``all``.
    public static func < (lhs: HTTPVerb, rhs: HTTPVerb) -> Bool {
        (all.firstIndex(of: lhs) ?? all.count) < (all.firstIndex(of: rhs) ?? all.count)
    }
}
