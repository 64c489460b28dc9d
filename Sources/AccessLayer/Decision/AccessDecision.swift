public import GatehouseCore

/// The access layer's verdict on one request: allowed, with who called and what the
/// authorization produced, or refused with API Gateway's exact answer.
///
/// A refusal's ``GatehouseCore/AccessDenial`` holds the status, the body byte for byte,
/// `x-amzn-ErrorType`, the gateway response type a REST API customizes it under, and a log
/// reason the client never sees. The gateway writes the response from it in one place.
public enum AccessDecision: Sendable {
    case allowed(AccessGrant)
    case denied(AccessDenial)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// The grant, when allowed.
    public var grant: AccessGrant? {
        if case .allowed(let grant) = self { return grant }
        return nil
    }

    /// The refusal, when denied.
    public var denial: AccessDenial? {
        if case .denied(let denial) = self { return denial }
        return nil
    }

    /// The access log's reason: why it was allowed or refused (never a secret).
    public var reason: String {
        switch self {
        case .allowed(let grant): return grant.reason
        case .denied(let denial): return denial.reason
        }
    }
}
