import GatehouseCore
import Testing

/// Principals are parsed once, into their parts, and only from ARNs AWS issues for principals.
@Suite struct PrincipalTests {
    /// ARN → kind, name, path, session, aws:PrincipalArn, aws:PrincipalType, aws:username,
    /// aws:userid.
    struct Row: Sendable, CustomTestStringConvertible {
        let arn: String
        let kind: Principal.Kind
        let name: String
        let path: String
        let session: String?
        let principalArn: String
        let principalType: String?
        let username: String?
        let userID: String?
        var testDescription: String { arn }
    }

    static let rows: [Row] = [
        Row(
            arn: "arn:aws:iam::111122223333:user/alice",
            kind: .user,
            name: "alice",
            path: "/",
            session: nil,
            principalArn: "arn:aws:iam::111122223333:user/alice",
            principalType: "User",
            username: "alice",
            userID: nil
        ),
        Row(
            arn: "arn:aws-cn:iam::111122223333:user/division/team/bob",
            kind: .user,
            name: "bob",
            path: "/division/team/",
            session: nil,
            principalArn: "arn:aws-cn:iam::111122223333:user/division/team/bob",
            principalType: "User",
            username: "bob",
            userID: nil
        ),
        Row(
            arn: "arn:aws:iam::111122223333:role/ops/deployer",
            kind: .role,
            name: "deployer",
            path: "/ops/",
            session: nil,
            principalArn: "arn:aws:iam::111122223333:role/ops/deployer",
            principalType: nil,
            username: nil,
            userID: nil
        ),
        Row(
            arn: "arn:aws:sts::111122223333:assumed-role/deployer/run-1",
            kind: .assumedRole,
            name: "deployer",
            path: "",
            session: "run-1",
            principalArn: "arn:aws:iam::111122223333:role/deployer",
            principalType: "AssumedRole",
            username: nil,
            userID: nil
        ),
        Row(
            arn: "arn:aws-us-gov:sts::111122223333:federated-user/carol",
            kind: .federatedUser,
            name: "carol",
            path: "",
            session: nil,
            principalArn: "arn:aws-us-gov:sts::111122223333:federated-user/carol",
            principalType: "FederatedUser",
            username: nil,
            userID: "111122223333:carol"
        ),
        Row(
            arn: "arn:aws:iam::111122223333:root",
            kind: .root,
            name: "",
            path: "",
            session: nil,
            principalArn: "arn:aws:iam::111122223333:root",
            principalType: "Account",
            username: nil,
            userID: "111122223333"
        ),
    ]

    @Test(arguments: rows)
    func parsesOnce(_ row: Row) throws {
        let principal = try Principal(arn: row.arn)
        #expect(principal.arn == row.arn && principal.description == row.arn)
        #expect(principal.kind == row.kind)
        #expect(principal.account == "111122223333")
        #expect(principal.name == row.name)
        #expect(principal.path == row.path)
        #expect(principal.sessionName == row.session)
        #expect(principal.principalArn == row.principalArn)
        #expect(principal.principalType == row.principalType)
        #expect(principal.username == row.username)
        #expect(principal.userID == row.userID)
        #expect(row.arn.hasPrefix("arn:\(principal.partition):"))
    }

    @Test func roleSessionKeepsItsRolePathAndGivenUserID() throws {
        let session = try Principal(
            arn: "arn:aws:sts::111122223333:assumed-role/deployer/run-1",
            userID: "AROAEXAMPLE:run-1",
            rolePath: "/ops/"
        )
        #expect(session.principalArn == "arn:aws:iam::111122223333:role/ops/deployer")
        #expect(session.userID == "AROAEXAMPLE:run-1")
        #expect(session.roleName == "deployer")
    }

    /// Everything AWS never issues for a principal is refused, with a code.
    @Test(arguments: [
        ("arn:aws:iam:us-east-1:111122223333:root", PrincipalError.Code.notAPrincipal),
        ("arn:aws:iam:us-east-1:111122223333:user/alice", .notAPrincipal),
        ("arn:aws:iam::*:root", .notAPrincipal), ("arn:aws:iam:::root", .notAPrincipal),
        ("arn:aws:iam::11112222333:root", .notAPrincipal), ("arn:aws:iam::1111222233334:root", .notAPrincipal),
        ("arn:aws:iam::11112222333a:root", .notAPrincipal), ("arn:aws:iam::111122223333 :root", .notAPrincipal),
        ("arn:aws:iam::１１１１２２２２３３３３:root", .notAPrincipal), ("arn:AWS:iam::111122223333:root", .notAPrincipal),
        ("arn:aws_cn:iam::111122223333:root", .notAPrincipal), ("arn::iam::111122223333:root", .notAPrincipal),
        ("arn:aws:s3::111122223333:root", .notAPrincipal),
        ("arn:aws:iam::111122223333:ROOT", .unknownResource), ("arn:aws:sts::111122223333:root", .unknownResource),
        ("arn:aws:iam::111122223333:root/x", .unknownResource), ("arn:aws:iam::111122223333:user/", .unknownResource),
        ("arn:aws:iam::111122223333:group/g", .unknownResource),
        ("arn:aws:iam::111122223333:user/division/", .unknownResource),
        ("arn:aws:iam::111122223333:role/ops/", .unknownResource),
        ("arn:aws:iam::111122223333:user//", .unknownResource),
        ("arn:aws:sts::111122223333:assumed-role/r", .unknownResource),
        ("arn:aws:sts::111122223333:assumed-role/r/s/t", .unknownResource),
        ("arn:aws:sts::111122223333:assumed-role//s", .unknownResource),
        ("arn:aws:sts::111122223333:federated-user/", .unknownResource),
        ("111122223333", .notAnARN), ("p", .notAnARN), ("", .notAnARN), ("urn:aws:iam::111122223333:root", .notAnARN),
        ("arn:aws:iam::111122223333", .notAnARN),
    ])
    func refusesWhatAWSNeverIssues(_ text: String, _ code: PrincipalError.Code) {
        #expect(throws: PrincipalError(code, "")) { try Principal(arn: text) }
    }

    /// Non-ASCII in the name is kept byte for byte (never normalized into another principal).
    @Test func nonASCIINamesAreKeptExactly() throws {
        let composed = try Principal(arn: "arn:aws:iam::111122223333:user/caf\u{E9}")
        let decomposed = try Principal(arn: "arn:aws:iam::111122223333:user/cafe\u{301}")
        #expect(Array(composed.name.utf8) != Array(decomposed.name.utf8))
        #expect(decomposed.name.utf8.elementsEqual("cafe\u{301}".utf8))
    }

    @Test func tagsAndPoliciesRideAlong() throws {
        struct Marker: PrincipalPolicies { let id: Int }
        let plain = try Principal.user("alice", account: "111122223333", tags: [.init("team", "red")])
        #expect(plain.arn == "arn:aws:iam::111122223333:user/alice" && plain.tags == [.init("team", "red")])
        #expect(plain.policies == nil)
        let attached = plain.attaching(Marker(id: 7))
        #expect((attached.policies as? Marker)?.id == 7)
        #expect(attached == plain)  // policies are not part of equality
        #expect(plain.tagged([]) != plain)
        #expect(attached.attaching(nil).policies == nil)
    }

    /// A user from its parts reads back as exactly those parts.
    @Test(arguments: [
        ("alice", "111122223333", "/", "aws"), ("bob", "111122223333", "/division/team/", "aws-cn"),
        ("carol+ops@example.com", "000000000000", "/", "aws-us-gov"), ("caf\u{E9}", "111122223333", "//", "aws"),
        ("a:b", "111122223333", "/p:q/", "aws"),
    ])
    func userFromParts(_ name: String, _ account: String, _ path: String, _ partition: String) throws {
        let user = try Principal.user(name, account: account, path: path, partition: partition)
        #expect(user.kind == .user && user.name == name && user.account == account)
        #expect(user.path == path && user.partition == partition)
        #expect(user.arn == "arn:\(partition):iam::\(account):user\(path)\(name)")
        #expect(try Principal(arn: user.arn) == user)
    }

    /// The users the SigV4 suites build in `static let`s with `try!` (literal, known good).
    @Test(arguments: ["l", "memo", "s", "p", "b", "r", "n", "fuzz"])
    func fixtureUsers(_ name: String) throws {
        #expect(try Principal.user(name, account: "000000000000").arn == "arn:aws:iam::000000000000:user/\(name)")
    }

    /// Every part that cannot make a user ARN is refused with a code naming that part — never a
    /// trap, and never a principal whose parts differ from the arguments.
    @Test(arguments: [
        // The name: empty, or a `/` that would turn part of it into a path.
        ("", "111122223333", "/", "aws", PrincipalError.Code.invalidName),
        ("a/b", "111122223333", "/", "aws", .invalidName), ("/", "111122223333", "/", "aws", .invalidName),
        ("alice/", "111122223333", "/", "aws", .invalidName),
        // The account: 12 ASCII digits, nothing that moves the ARN's fields.
        ("alice", "", "/", "aws", .invalidAccount), ("alice", "11112222333", "/", "aws", .invalidAccount),
        ("alice", "1111222233334", "/", "aws", .invalidAccount), ("alice", "11112222333a", "/", "aws", .invalidAccount),
        ("alice", "１１１１２２２２３３３３", "/", "aws", .invalidAccount), ("alice", "1111:2222333", "/", "aws", .invalidAccount),
        ("alice", "*", "/", "aws", .invalidAccount), ("alice", " 11112222333", "/", "aws", .invalidAccount),
        // The path: starts and ends with `/`.
        ("alice", "111122223333", "", "aws", .invalidPath), ("alice", "111122223333", "ops", "aws", .invalidPath),
        ("alice", "111122223333", "/ops", "aws", .invalidPath), ("alice", "111122223333", "ops/", "aws", .invalidPath),
        // The partition: lowercase ASCII letters and `-`.
        ("alice", "111122223333", "/", "", .invalidPartition), ("alice", "111122223333", "/", "AWS", .invalidPartition),
        ("alice", "111122223333", "/", "aws_cn", .invalidPartition),
        ("alice", "111122223333", "/", "aws:iam::111122223333:root#", .invalidPartition),
        ("alice", "111122223333", "/", "aws ", .invalidPartition),
    ])
    func userRefusesEachBadPart(
        _ name: String,
        _ account: String,
        _ path: String,
        _ partition: String,
        _ code: PrincipalError.Code
    ) {
        let error = #expect(throws: PrincipalError.self) {
            try Principal.user(name, account: account, path: path, partition: partition)
        }
        #expect(error?.code == code)
        // The message quotes the offending part.
        let part = [
            code == .invalidName ? name : "", code == .invalidAccount ? account : "",
            code == .invalidPath ? path : "", code == .invalidPartition ? partition : "",
        ].joined()
        #expect(error?.message.contains("`\(part)`") == true, "\(error?.message ?? "")")
    }

    @Test func kindsAreNamed() {
        #expect(Principal.Kind.all.map(\.name) == ["user", "role", "assumed-role", "federated-user", "root"])
    }
}
