import GatehouseCore

/// How a resource policy's principal element named the caller; it decides which of the caller's
/// own layers must also allow a same-account grant (reference/iam.md §2.3).
public enum PrincipalMatch: Sendable, Hashable {
    /// `*`: everyone, anonymous callers included.
    case anyone
    /// The caller's account (ID or `:root`): delegation to its identity policies.
    case account
    /// The caller's exact identity: user, role session or federated-user session ARN.
    case exactIdentity
    /// The role whose session is calling.
    case role
    /// The IAM user whose federated session is calling.
    case federatingUser

    /// Principal matching for one statement's `Principal`/`NotPrincipal`. `nil` when it does not
    /// apply to the caller.
    ///
    /// - Parameters:
    ///   - effect: the statement's effect; it decides which way a `NotPrincipal` fails closed.
    ///   - callerHasBoundary: whether the caller has a permissions boundary (a `NotPrincipal` Deny
    ///     always covers such a caller).
    static func match(
        _ element: Negatable<PrincipalSet>,
        caller: Caller,
        effect: Statement.Effect,
        callerHasBoundary: Bool
    ) -> PrincipalMatch? {
        if element.negated {
            return notPrincipalExempts(element.value, caller: caller, effect: effect, hasBoundary: callerHasBoundary)
                ? nil : .anyone
        }
        guard case .entries(let entries) = element.value else { return .anyone }
        var best: PrincipalMatch? = nil
        for entry in entries where entry.kind == .aws {
            guard let match = match(entry.value, caller: caller) else { continue }
            // The strongest naming wins: exact identity over role/federating user over account.
            if best == nil || match.strength > best!.strength { best = match }
        }
        return best
    }

    /// Whether a `NotPrincipal` leaves the caller out (the statement then does not apply to it).
    ///
    /// AWS's NotPrincipal page: with a Deny, the exempted principal's account must be listed too, or
    /// the Deny may cover it ("AWS might validate the account first"); for a role session AWS may
    /// check the account, then the role, then the session, so all three must be listed; and a
    /// `NotPrincipal` Deny "will always deny any IAM principal that has a permissions boundary",
    /// whatever it lists. Gatehouse evaluates the strictest reading, so the Deny applies unless every
    /// link is listed — what the linter's IAM113 warns about. With an Allow (which AWS does not
    /// support) the opposite way fails closed: naming any link (identity, role, account, federating
    /// user) leaves the caller out, so the Allow grants nothing to it.
    static func notPrincipalExempts(
        _ value: PrincipalSet,
        caller: Caller,
        effect: Statement.Effect,
        hasBoundary: Bool
    ) -> Bool {
        if effect == .deny && hasBoundary && caller.kind != .anonymous { return false }
        guard case .entries(let entries) = value else { return true }  // `*`: everyone is left out
        guard caller.kind != .anonymous else { return false }
        var identity = false
        var account = false
        var role = false
        var federatingUser = false
        for entry in entries where entry.kind == .aws {
            switch match(entry.value, caller: caller) {
            case .exactIdentity?: identity = true
            case .account?: account = true
            case .role?: role = true
            case .federatingUser?: federatingUser = true
            case .anyone?: return true  // unreachable: `*` is the whole element
            case nil: break
            }
        }
        // The root user's identity is its account.
        if caller.kind == .accountRoot { identity = identity || account }
        guard effect == .deny else { return identity || account || role || federatingUser }
        switch caller.kind {
        case .roleSession: return identity && role && account
        case .user, .federatedUser, .accountRoot: return identity && account
        case .anonymous: return false
        }
    }

    private var strength: Int {
        switch self {
        case .account: return 0
        case .role, .federatingUser: return 1
        case .exactIdentity, .anyone: return 2
        }
    }

    private static func match(_ value: String, caller: Caller) -> PrincipalMatch? {
        guard caller.kind != .anonymous else { return value == "*" ? .anyone : nil }
        if value == "*" { return .anyone }
        if value.sameUTF8(as: caller.account) { return .account }
        // An ARN names a principal of its own partition only: `arn:aws-cn:iam::ACCT:root` is not
        // the `aws` account with the same digits.
        guard let arn = ARN(value), arn.partition.sameUTF8(as: caller.partition) else { return nil }
        if arn.service == "iam" && arn.resource == "root" {
            return arn.account.sameUTF8(as: caller.account) ? .account : nil
        }
        if value.sameUTF8(as: caller.arn) { return .exactIdentity }
        if arn.service == "iam", arn.resource.hasPrefix("role/"), caller.kind == .roleSession,
            arn.account.sameUTF8(as: caller.account),
            let roleName = arn.resource.split(separator: "/").last.map(String.init), let callerRole = caller.roleName,
            roleName.sameUTF8(as: callerRole)
        {
            return .role
        }
        if caller.kind == .federatedUser, let user = caller.federatingUserArn, value.sameUTF8(as: user) {
            return .federatingUser
        }
        return nil
    }
}
