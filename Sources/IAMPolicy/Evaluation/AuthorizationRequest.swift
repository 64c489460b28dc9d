/// One request to authorize: an action on a resource, with its condition context.
public struct AuthorizationRequest: Sendable {
    public var action: String
    public var resource: String
    public var context: RequestContext

    public init(action: String, resource: String, context: RequestContext = RequestContext()) {
        self.action = action
        self.resource = resource
        self.context = context
    }
}
