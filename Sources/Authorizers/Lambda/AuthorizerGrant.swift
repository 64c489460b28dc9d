public import GatehouseCore
import HTTPTypes
public import IAMPolicy

/// An Allow: who, the context for the backend, the API key for usage plans, and the decision.
///
/// The fields live in one shared object (copied on write), so handing out a cached grant — what
/// every result-cache hit does — costs one reference count, not one per field.
public struct AuthorizerGrant: Sendable {
    private final class Storage: Sendable {
        let principalId: String?
        let context: [(String, JSONValue)]
        let usageIdentifierKey: String?
        let decision: Decision?

        init(principalId: String?, context: [(String, JSONValue)], usageIdentifierKey: String?, decision: Decision?) {
            self.principalId = principalId
            self.context = context
            self.usageIdentifierKey = usageIdentifierKey
            self.decision = decision
        }
    }

    private var storage: Storage

    public init(
        principalId: String?,
        context: [(String, JSONValue)] = [],
        usageIdentifierKey: String? = nil,
        decision: Decision?
    ) {
        storage = Storage(
            principalId: principalId,
            context: context,
            usageIdentifierKey: usageIdentifierKey,
            decision: decision
        )
    }

    public var principalId: String? {
        get { storage.principalId }
        set {
            storage = Storage(
                principalId: newValue,
                context: context,
                usageIdentifierKey: usageIdentifierKey,
                decision: decision
            )
        }
    }

    /// `context` for the backend (on REST, values reach it as strings).
    public var context: [(String, JSONValue)] {
        get { storage.context }
        set {
            storage = Storage(
                principalId: principalId,
                context: newValue,
                usageIdentifierKey: usageIdentifierKey,
                decision: decision
            )
        }
    }

    /// `usageIdentifierKey`: the API key for usage plans when the key source is `AUTHORIZER`.
    public var usageIdentifierKey: String? {
        get { storage.usageIdentifierKey }
        set {
            storage = Storage(
                principalId: principalId,
                context: context,
                usageIdentifierKey: newValue,
                decision: decision
            )
        }
    }

    /// The policy decision (with the statements that allowed); `nil` for simple responses.
    public var decision: Decision? {
        get { storage.decision }
        set {
            storage = Storage(
                principalId: principalId,
                context: context,
                usageIdentifierKey: usageIdentifierKey,
                decision: newValue
            )
        }
    }
}
