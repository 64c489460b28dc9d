public import GatehouseCore

/// Who is calling, as principal matching needs it (reference/iam.md §1.2).
public struct Caller: Sendable, Hashable {
    /// What kind of identity the caller is.
    public enum Kind: Sendable, Hashable {
        case user
        /// A session of a role (`arn:aws:sts::ACCT:assumed-role/name/session`).
        case roleSession
        /// A GetFederationToken session (`arn:aws:sts::ACCT:federated-user/name`).
        case federatedUser
        case accountRoot
        /// No credentials (an API with no authorization).
        case anonymous
    }

    public var kind: Kind
    /// The caller's own ARN (empty for anonymous callers).
    public var arn: String
    public var account: String
    /// The caller's partition (`aws`, `aws-cn`, `aws-us-gov`, …; empty for anonymous callers).
    /// Accounts in different partitions are different accounts even with the same 12 digits, so
    /// principal ARNs and resources match only within it.
    public var partition: String
    /// For a role session: the role's name (matched by role ARNs, whose path is ignored).
    public var roleName: String?
    /// For a federated-user session: the IAM user that called GetFederationToken, if known.
    public var federatingUserArn: String?

    public static let anonymous = Caller(
        kind: .anonymous,
        arn: "",
        account: "",
        partition: "",
        roleName: nil,
        federatingUserArn: nil
    )

    private init(
        kind: Kind,
        arn: String,
        account: String,
        partition: String,
        roleName: String?,
        federatingUserArn: String?
    ) {
        self.kind = kind
        self.arn = arn
        self.account = account
        self.partition = partition
        self.roleName = roleName
        self.federatingUserArn = federatingUserArn
    }

    /// A caller from its ARN: an IAM user, a role session, a federated-user session or an account
    /// root. `nil` for anything else (a role ARN is not a caller: its sessions are), and for an ARN
    /// AWS never issues for a principal: IAM and STS ARNs have no region and a 12-digit account, and
    /// a partition of lowercase letters and `-`. A lenient reading would make one caller two
    /// spellings, one of which escapes every Deny naming the other.
    ///
    /// The grammar is ``GatehouseCore/Principal``'s, the one parse of principal ARNs; a caller
    /// that has a principal already (a verified request's) uses ``init(principal:federatingUserArn:)``.
    public init?(arn text: String, federatingUserArn: String? = nil) {
        guard let principal = try? Principal(arn: text) else { return nil }
        self.init(principal: principal, federatingUserArn: federatingUserArn)
    }

    /// The caller a principal is, from the parts parsed when it was stored: nothing is parsed
    /// again. `nil` for a role (its sessions call, not the role).
    ///
    /// - Parameter federatingUserArn: for a federated-user session, the IAM user that called
    ///   GetFederationToken, if known.
    public init?(principal: Principal, federatingUserArn: String? = nil) {
        let kind: Kind
        switch principal.kind {
        case .user: kind = .user
        case .assumedRole: kind = .roleSession
        case .federatedUser: kind = .federatedUser
        case .root: kind = .accountRoot
        default: return nil
        }
        self.init(
            kind: kind,
            arn: principal.arn,
            account: principal.account,
            partition: principal.partition,
            roleName: kind == .roleSession ? principal.roleName : nil,
            federatingUserArn: kind == .federatedUser ? federatingUserArn : nil
        )
    }
}

extension Caller {
    /// Whether `resource` lies in this caller's account (reference/iam.md §2.4): the owning
    /// account when known, else the resource ARN's account field; an ARN without one (S3 buckets,
    /// `apigateway` management ARNs) counts as the caller's. Anonymous callers own nothing, and
    /// nothing in another partition is the caller's (same digits, another account).
    public func owns(resource: String, resourceAccount: String? = nil) -> Bool {
        if kind == .anonymous { return false }
        if !reaches(resource: resource) { return false }
        let owner = resourceAccount ?? ARN(resource).map(\.account).flatMap { $0.isEmpty ? nil : $0 }
        return owner.map { $0 == account } ?? true
    }

    /// Whether the caller's partition can reach `resource` at all: credentials of one partition
    /// are unknown in another, so a resource ARN of another partition is out of reach whatever
    /// the policies say. A resource that is not an ARN is judged by the policies alone.
    public func reaches(resource: String) -> Bool {
        guard kind != .anonymous else { return true }
        // Every decision asks this, so the common answer comes from the bytes: a resource that
        // starts `arn:<our partition>:` is either an ARN of our partition or no ARN at all, true
        // both ways. (An ASCII byte after that colon keeps the general parse's grapheme split from
        // reading the prefix differently.) Parsing the whole ARN here made six strings per
        // decision and doubled `policy.eval.small`'s instructions.
        if Self.startsWithPartition(resource, partition) { return true }
        guard let arn = ARN(resource) else { return true }
        return arn.partition == partition
    }

    /// Whether `resource` begins with `arn:`, `partition`, `:` and then an ASCII byte or nothing.
    private static func startsWithPartition(_ resource: String, _ partition: String) -> Bool {
        var resource = resource
        var partition = partition
        return resource.withUTF8 { text in
            partition.withUTF8 { name in
                let end = 4 + name.count
                guard text.count > end, unsafe text[0] == UInt8(ascii: "a"), unsafe text[1] == UInt8(ascii: "r"),
                    unsafe text[2] == UInt8(ascii: "n"), unsafe text[3] == UInt8(ascii: ":"),
                    unsafe text[end] == UInt8(ascii: ":")
                else { return false }
                for index in 0..<name.count where unsafe text[4 + index] != name[index] { return false }
                return unsafe text.count == end + 1 || text[end + 1] < 0x80
            }
        }
    }
}
