public import GatehouseCore

/// A customized gateway response (`x-amazon-apigateway-gateway-responses`): the status, headers
/// and templates of one of API Gateway's own answers.
public struct GatewayResponse: Sendable, Equatable {
    public var type: GatewayResponseType
    /// The status to answer with; `nil` keeps the type's default.
    public var statusCode: Int?
    /// `gatewayresponse.header.X` → a value (`'*'`, `method.request.header.Origin`).
    public var responseParameters: [String: String]
    /// Content type → template (`{"message":$context.error.messageString}`).
    public var responseTemplates: [String: String]

    public init(
        type: GatewayResponseType,
        statusCode: Int? = nil,
        responseParameters: [String: String] = [:],
        responseTemplates: [String: String] = [:]
    ) {
        self.type = type
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
    }
}
