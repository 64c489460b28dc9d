/// `x-amazon-apigateway-endpoint-configuration`: the endpoint type and VPC endpoint ids.
///
/// Locally every API is reached the same way; the type is kept for export and reported, and a
/// `PRIVATE` API's resource policy conditions on `aws:SourceVpce` can never hold here.
public struct EndpointConfiguration: Sendable, Equatable {
    /// `EDGE`, `REGIONAL` or `PRIVATE`; empty when the document gives none.
    public var types: [String]
    public var vpcEndpointIds: [String]
    public var disableExecuteApiEndpoint: Bool

    public init(types: [String] = [], vpcEndpointIds: [String] = [], disableExecuteApiEndpoint: Bool = false) {
        self.types = types
        self.vpcEndpointIds = vpcEndpointIds
        self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
    }

    /// The endpoint types AWS has.
    public static let knownTypes = ["EDGE", "REGIONAL", "PRIVATE"]
}
