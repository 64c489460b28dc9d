/// A custom domain's base path mapping: requests to `domainName` whose path starts with
/// `basePath` go to an API's stage (API Gateway's `BasePathMapping`).
public struct BasePathMapping: Sendable, Equatable {
    /// The host, compared without case and without a port.
    public let domainName: String
    /// Path segments (`orders/v1` → `["orders", "v1"]`); empty for `(none)`, which maps the whole
    /// domain. Multi-level mappings go to the longest matching prefix.
    public let basePath: [String]
    public let apiID: APIIdentifier
    /// The stage; `nil` takes the stage from the first path segment after the base path.
    public let stage: String?

    /// `basePath` as written: `(none)`, empty or `/` for the whole domain, else `orders/v1`.
    public init(domainName: String, basePath: String, apiID: APIIdentifier, stage: String?) {
        self.domainName = domainName.lowercased()
        let trimmed = basePath == "(none)" ? "" : basePath
        self.basePath = trimmed.split(separator: "/").map(String.init)
        self.apiID = apiID
        self.stage = stage
    }

    /// The base path as API Gateway prints it (`(none)` for the whole domain).
    public var basePathText: String { basePath.isEmpty ? "(none)" : basePath.joined(separator: "/") }
}
