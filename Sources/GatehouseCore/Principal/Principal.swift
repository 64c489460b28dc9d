/// Who a credential authenticates, parsed once — when the credential is stored — instead of a
/// string every request re-parses: the ARN and its parts (partition, account, kind, name and
/// path), the principal's tags, and the policies compiled for it (reference/iam.md §1.2, §5).
///
/// A value holding one immutable object: copying a principal (into every verified request's
/// identity) is one reference count, as copying the ARN string it replaces was.
///
/// Equality compares the ARN, user id, role path and tags — not the attached policies, which
/// have no equality of their own.
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// What kind of IAM identity a principal is. A closed-but-growing set.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The resource type in the ARN (`user`, `role`, `assumed-role`, `federated-user`,
        /// `root`).
        public let name: String
        /// The value of `aws:PrincipalType`; `nil` for a role, which is never the caller itself
        /// (its sessions are).
        public let principalType: String?

        private init(_ name: String, _ principalType: String?) {
            self.name = name
            self.principalType = principalType
        }

        public var description: String { name }
        public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// An IAM user: `arn:aws:iam::ACCT:user/path/name`.
        public static let user = Kind("user", "User")
        /// An IAM role: `arn:aws:iam::ACCT:role/path/name` (a grantee in policies; callers are its
        /// sessions).
        public static let role = Kind("role", nil)
        /// A session of a role: `arn:aws:sts::ACCT:assumed-role/name/session`.
        public static let assumedRole = Kind("assumed-role", "AssumedRole")
        /// A GetFederationToken session: `arn:aws:sts::ACCT:federated-user/name`.
        public static let federatedUser = Kind("federated-user", "FederatedUser")
        /// The account's root user: `arn:aws:iam::ACCT:root`.
        public static let root = Kind("root", "Account")

        public static let all: [Kind] = [.user, .role, .assumedRole, .federatedUser, .root]
    }

    /// A principal tag (`aws:PrincipalTag/<key>`).
    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    private final class Storage: Sendable {
        let arn: String
        let partition: String
        let account: String
        let kind: Kind
        let name: String
        let path: String
        let sessionName: String?
        let rolePath: String
        let userID: String?
        let tags: [Tag]
        let policies: (any PrincipalPolicies)?

        init(
            arn: String,
            partition: String,
            account: String,
            kind: Kind,
            name: String,
            path: String,
            sessionName: String?,
            rolePath: String,
            userID: String?,
            tags: [Tag],
            policies: (any PrincipalPolicies)?
        ) {
            self.arn = arn
            self.partition = partition
            self.account = account
            self.kind = kind
            self.name = name
            self.path = path
            self.sessionName = sessionName
            self.rolePath = rolePath
            self.userID = userID
            self.tags = tags
            self.policies = policies
        }

        func with(tags: [Tag]? = nil, policies: (any PrincipalPolicies)?? = nil, userID: String?? = nil) -> Storage {
            Storage(
                arn: arn,
                partition: partition,
                account: account,
                kind: kind,
                name: name,
                path: path,
                sessionName: sessionName,
                rolePath: rolePath,
                userID: userID ?? self.userID,
                tags: tags ?? self.tags,
                policies: policies ?? self.policies
            )
        }
    }

    private let storage: Storage

    /// Parses a principal ARN: an IAM user or role, a role session, a federated-user session or
    /// an account root.
    ///
    /// Only ARNs AWS issues for principals are accepted: no region, a 12-digit account, a
    /// partition of lowercase letters and `-`. A lenient reading would make one principal two
    /// spellings, one of which escapes every Deny naming the other.
    ///
    /// - Parameters:
    ///   - userID: `aws:userid` when known (an IAM user's unique id `AIDA…`, a session's
    ///     `AROA…:session`). Without it, a root user's is its account and a federated user's
    ///     `ACCT:name`, as AWS sets them; other kinds have none.
    ///   - rolePath: for a role session, the path of its role (`/` unless the role has one):
    ///     `aws:PrincipalArn` is the role's ARN, whose path the session ARN does not show.
    ///   - tags: the principal's (or session's) tags.
    ///   - policies: the policies compiled for this principal (IAMPolicy's compiled set).
    public init(
        arn text: String,
        userID: String? = nil,
        rolePath: String = "/",
        tags: [Tag] = [],
        policies: (any PrincipalPolicies)? = nil
    ) throws(PrincipalError) {
        let fields = text.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].elementsEqual("arn".utf8) else {
            throw PrincipalError(.notAnARN, "`\(text)` is not an ARN (arn:partition:service:region:account:resource)")
        }
        func field(_ index: Int) -> String { String(Substring(fields[index])) }
        let partition = field(1)
        let service = field(2)
        let account = field(4)
        let resource = field(5)
        guard Self.isPartition(partition), fields[3].isEmpty, Self.isAccount(account),
            service == "iam" || service == "sts"
        else {
            throw PrincipalError(
                .notAPrincipal,
                "`\(text)` is not a principal ARN: it needs service iam or sts, no region and a 12-digit account"
            )
        }
        var kind: Kind
        var name = ""
        var path = ""
        var sessionName: String? = nil
        switch service {
        case "iam" where resource == "root":
            kind = .root
        case "iam" where resource.utf8.starts(with: "user/".utf8) && resource.utf8.count > 5:
            kind = .user
            (path, name) = Self.pathAndName(resource.utf8.dropFirst(4))
        case "iam" where resource.utf8.starts(with: "role/".utf8) && resource.utf8.count > 5:
            kind = .role
            (path, name) = Self.pathAndName(resource.utf8.dropFirst(4))
        case "sts" where resource.utf8.starts(with: "assumed-role/".utf8):
            let parts = resource.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else {
                throw PrincipalError(.unknownResource, "`\(text)`: a role session is assumed-role/ROLE/SESSION")
            }
            kind = .assumedRole
            name = String(Substring(parts[1]))
            sessionName = String(Substring(parts[2]))
        case "sts" where resource.utf8.starts(with: "federated-user/".utf8) && resource.utf8.count > 15:
            kind = .federatedUser
            name = String(Substring(resource.utf8.dropFirst(15)))
        default:
            throw PrincipalError(
                .unknownResource,
                "`\(text)` names no principal (iam root, user/…, role/…; sts assumed-role/…/…, federated-user/…)"
            )
        }
        // `user/division/` is a path with no user in it: no principal, and never one named "".
        guard kind == .root || !name.isEmpty else {
            throw PrincipalError(.unknownResource, "`\(text)`: a user or role ARN ends in its name, not `/`")
        }
        storage = Storage(
            arn: text,
            partition: partition,
            account: account,
            kind: kind,
            name: name,
            path: path,
            sessionName: sessionName,
            rolePath: rolePath,
            userID: userID,
            tags: tags,
            policies: policies
        )
    }

    /// An IAM user, from its parts: `arn:<partition>:iam::<account>:user<path><name>`.
    ///
    /// Each part is checked on its own before the ARN is written, so no part can spill into
    /// another: a `/` in the name would make part of it a path, a `:` in the partition or the
    /// account would move every later ARN field. The parts are the ones ``init(arn:userID:rolePath:tags:policies:)``
    /// reads back: the principal's ``name``, ``path``, ``account`` and ``partition`` are exactly
    /// the arguments.
    ///
    /// - Parameters:
    ///   - name: the user name: not empty, no `/`.
    ///   - account: 12 ASCII digits.
    ///   - path: starts and ends with `/` (`/` itself, `/division/`).
    ///   - partition: lowercase ASCII letters and `-` (`aws`, `aws-cn`, `aws-us-gov`).
    /// - Throws: ``PrincipalError`` whose code names the first offending part
    ///   (``PrincipalError/Code/invalidName``, ``PrincipalError/Code/invalidAccount``,
    ///   ``PrincipalError/Code/invalidPath``, ``PrincipalError/Code/invalidPartition``).
    public static func user(
        _ name: String,
        account: String,
        path: String = "/",
        partition: String = "aws",
        tags: [Tag] = []
    ) throws(PrincipalError) -> Principal {
        guard Self.isPartition(partition) else {
            throw PrincipalError(.invalidPartition, "`\(partition)` is not a partition: lowercase letters and `-`")
        }
        guard Self.isAccount(account) else {
            throw PrincipalError(.invalidAccount, "`\(account)` is not an account: 12 digits")
        }
        guard path.utf8.first == UInt8(ascii: "/"), path.utf8.last == UInt8(ascii: "/") else {
            throw PrincipalError(.invalidPath, "`\(path)` is not a path: it starts and ends with `/`")
        }
        guard !name.isEmpty, !name.utf8.contains(UInt8(ascii: "/")) else {
            throw PrincipalError(.invalidName, "`\(name)` is not a user name: not empty, no `/`")
        }
        return try Principal(arn: "arn:\(partition):iam::\(account):user\(path)\(name)", tags: tags)
    }

    /// A partition as AWS spells them: lowercase ASCII letters and `-`, not empty.
    private static func isPartition(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || $0 == 0x2D }
    }

    /// An account id: exactly 12 ASCII digits.
    private static func isAccount(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `/path/` and the name after it, from `/path/name` (the resource without its type).
    private static func pathAndName(_ rest: Substring.UTF8View) -> (String, String) {
        guard let slash = rest.lastIndex(of: UInt8(ascii: "/")) else { return ("/", String(Substring(rest))) }
        let after = rest.index(after: slash)
        return (String(Substring(rest[..<after])), String(Substring(rest[after...])))
    }

    /// The ARN as given.
    public var arn: String { storage.arn }
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    public var partition: String { storage.partition }
    /// The 12-digit account id (`aws:PrincipalAccount`).
    public var account: String { storage.account }
    public var kind: Kind { storage.kind }
    /// The user's or role's name, a role session's role name, a federated user's name; empty for
    /// a root user.
    public var name: String { storage.name }
    /// A user's or role's path (`/`, `/division/`); empty for other kinds.
    public var path: String { storage.path }
    /// A role session's session name.
    public var sessionName: String? { storage.sessionName }
    /// For a role or a role session: the role's name.
    public var roleName: String? { kind == .role || kind == .assumedRole ? storage.name : nil }
    public var tags: [Tag] { storage.tags }
    /// The policies attached when the principal was stored (see ``PrincipalPolicies``).
    public var policies: (any PrincipalPolicies)? { storage.policies }

    /// `aws:PrincipalArn`: the principal's ARN, except that a role session's is its role's
    /// (`arn:aws:iam::ACCT:role/path/name`).
    public var principalArn: String {
        guard kind == .assumedRole else { return arn }
        return "arn:\(partition):iam::\(account):role\(storage.rolePath)\(name)"
    }

    /// `aws:PrincipalType`: `User`, `AssumedRole`, `FederatedUser` or `Account`; `nil` for a role.
    public var principalType: String? { kind.principalType }

    /// `aws:username`: an IAM user's name; `nil` for every other kind (AWS sets it for users
    /// only).
    public var username: String? { kind == .user ? name : nil }

    /// `aws:userid`: as given; otherwise the account for a root user and `ACCT:name` for a
    /// federated user (AWS's values); `nil` when unknown.
    public var userID: String? {
        if let given = storage.userID { return given }
        switch kind {
        case .root: return account
        case .federatedUser: return "\(account):\(name)"
        default: return nil
        }
    }

    /// This principal with `tags` instead of its own.
    public func tagged(_ tags: [Tag]) -> Principal { Principal(storage: storage.with(tags: tags)) }

    /// This principal with `policies` attached (replacing any).
    public func attaching(_ policies: (any PrincipalPolicies)?) -> Principal {
        Principal(storage: storage.with(policies: .some(policies)))
    }

    private init(storage: Storage) { self.storage = storage }

    public var description: String { arn }

    public static func == (lhs: Principal, rhs: Principal) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.arn == rhs.arn && lhs.storage.userID == rhs.storage.userID
                && lhs.storage.rolePath == rhs.storage.rolePath && lhs.tags == rhs.tags)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(arn) }
}
