import AccessLayer
import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy
import SigV4

/// The world the tests decide in: one API in account A, principals in A and B with their
/// policies, real SigV4 signing, a fixed clock.
enum Fixture {
    static let region = "us-east-1"
    static let accountA = "111122223333"
    static let accountB = "444455556666"
    static let apiId = "a1b2c3d4e5"
    static let stage = "prod"
    static let host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
    /// 2026-06-01T12:00:00Z.
    static let now = Timestamp(secondsSince1970: 1_780_315_200)
    static let reading = ClockReading.fixed(now)

    static func arn(_ method: String, _ path: String, account: String = accountA) -> String {
        "arn:aws:execute-api:\(region):\(account):\(apiId)/\(stage)/\(method)/\(path)"
    }

    /// The method ARN as a refusal shows it (account masked).
    static func maskedArn(_ method: String, _ path: String) -> String {
        "arn:aws:execute-api:\(region):********3333:\(apiId)/\(stage)/\(method)/\(path)"
    }

    static func policy(_ json: String, kind: PolicyKind = .identity) -> PolicyDocument {
        try! PolicyDocument.parse(json, kind: kind)
    }

    static func allow(_ resource: String, sid: String = "Allow") -> String {
        #"{"Version":"2012-10-17","Statement":[{"Sid":"\#(sid)","Effect":"Allow","Action":"execute-api:Invoke","Resource":"\#(resource)"}]}"#
    }

    // MARK: Principals and keys

    struct Key {
        var id: String
        var secret: String
        var token: String?
        var credentials: AWSCredentials {
            AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
        }
    }

    static let alice = Key(id: "AKIAALICE0000000001", secret: "alice-secret")
    static let bob = Key(id: "AKIABOB000000000001", secret: "bob-secret")
    static let bounded = Key(id: "AKIABOUNDED00000001", secret: "bounded-secret")
    static let session = Key(id: "ASIASESSION00000001", secret: "session-secret", token: "session-token-value")
    static let carol = Key(id: "AKIACAROL0000000001", secret: "carol-secret")
    static let tagged = Key(id: "AKIATAGGED000000001", secret: "tagged-secret")

    static let aliceArn = "arn:aws:iam::\(accountA):user/alice"
    static let bobArn = "arn:aws:iam::\(accountA):user/bob"
    static let sessionArn = "arn:aws:sts::\(accountA):assumed-role/reader/s1"
    static let roleArn = "arn:aws:iam::\(accountA):role/reader"
    static let carolArn = "arn:aws:iam::\(accountB):user/carol"
    static let taggedArn = "arn:aws:iam::\(accountA):user/tagged"

    static func principal(
        _ arn: String,
        userID: String,
        tags: [Principal.Tag] = [],
        identity: [String] = [],
        boundary: String? = nil,
        session: String? = nil
    ) -> Principal {
        let set = IdentityPolicySet(
            identity: identity.enumerated().map { NamedPolicy(name: "p\($0.offset)", document: policy($0.element)) },
            permissionsBoundary: boundary.map { NamedPolicy(name: "boundary", document: policy($0)) },
            sessionPolicy: session.map { NamedPolicy(name: "session", document: policy($0)) }
        )
        return try! Principal(arn: arn, userID: userID, tags: tags, policies: CompiledPolicySet(set))
    }

    /// Everyone's credentials, as a store holds them.
    static let store = StaticCredentialStore([
        stored(alice, principal(aliceArn, userID: "AIDAALICE", identity: [allow(arn("GET", "pets/*"))])),
        stored(bob, principal(bobArn, userID: "AIDABOB")),
        stored(
            bounded,
            principal(
                "arn:aws:iam::\(accountA):user/bounded",
                userID: "AIDABOUNDED",
                identity: [allow("arn:aws:execute-api:*:*:*")],
                boundary: allow(arn("GET", "pets/*"))
            )
        ),
        stored(
            session,
            principal(
                sessionArn,
                userID: "AROAREADER:s1",
                identity: [allow("arn:aws:execute-api:*:*:*")],
                session: allow(arn("GET", "pets/1"))
            )
        ),
        stored(carol, principal(carolArn, userID: "AIDACAROL", identity: [allow("arn:aws:execute-api:*:*:*")])),
        stored(
            tagged,
            principal(
                taggedArn,
                userID: "AIDATAGGED",
                tags: [Principal.Tag("team", "blue")],
                identity: [conditionPolicy]
            )
        ),
    ])

    static func stored(_ key: Key, _ principal: Principal) -> SigV4StoredCredential {
        SigV4StoredCredential(credentials: key.credentials, principal: principal)
    }

    /// Allows only when every global condition key the request fills has its expected value.
    static let conditionPolicy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"AllKeys","Effect":"Allow","Action":"execute-api:Invoke",
        "Resource":"\(arn("GET", "cond"))","Condition":{
        "IpAddress":{"aws:SourceIp":"203.0.113.0/24"},
        "Bool":{"aws:SecureTransport":"true"},
        "StringEquals":{"aws:PrincipalTag/team":"blue","aws:username":"tagged","aws:PrincipalType":"User",
          "aws:userid":"AIDATAGGED","aws:PrincipalAccount":"\(accountA)","aws:RequestedRegion":"us-east-1",
          "aws:UserAgent":"tester/1.0","aws:Referer":"https://ref.example/"},
        "ArnEquals":{"aws:PrincipalArn":"\(taggedArn)"},
        "DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"},
        "NumericLessThan":{"aws:EpochTime":"1800000000"}}}]}
        """

    // MARK: Requests

    static func target(_ resourcePath: String) -> MethodTarget {
        MethodTarget(
            region: region,
            accountId: accountA,
            apiId: apiId,
            stage: stage,
            resource: resourcePath,
            pathPrefix: "/" + stage
        )
    }

    /// An unsigned request for `/prod{path}`.
    static func request(
        _ method: HTTPRequest.Method = .get,
        _ path: String,
        headers: [(String, String)] = [],
        sourceIp: String = "203.0.113.7",
        secure: Bool = true
    ) -> AccessRequest {
        var http = HTTPRequest(method: method, scheme: "https", authority: host, path: "/" + stage + path)
        for (name, value) in headers { http.headerFields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return AccessRequest(
            http,
            target: target(path),
            peer: AccessPeer(sourceIp: sourceIp, isSecure: secure),
            requestId: "req-1"
        )
    }

    /// A request for `/prod{path}` signed by `key` (header or presigned), at the fixture's time.
    static func signed(
        _ key: Key,
        _ method: String = "GET",
        _ path: String,
        presigned: Bool = false,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        sourceIp: String = "203.0.113.7",
        secure: Bool = true
    ) -> AccessRequest {
        let signer = try! SigV4Signer(
            credentials: key.credentials,
            configuration: SigningConfiguration(
                region: region,
                service: "execute-api",
                location: presigned ? .query(expiresIn: 300) : .header
            )
        )
        let unsigned = SigV4Request(
            method: method,
            path: "/" + stage + path,
            headers: [.init("Host", host)] + headers.map { SigV4Request.Header($0.0, $0.1) },
            body: body
        )
        let signedRequest = try! signer.sign(unsigned, at: now).request
        var http = HTTPRequest(
            method: HTTPRequest.Method(method)!,
            scheme: "https",
            authority: nil,
            path: signedRequest.target
        )
        for header in signedRequest.headers {
            if header.name.lowercased() == "host" {
                http.authority = header.value
            } else {
                http.headerFields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
            }
        }
        return AccessRequest(
            http,
            body: body,
            target: target(path),
            peer: AccessPeer(sourceIp: sourceIp, isSecure: secure),
            requestId: "req-1"
        )
    }

    static func layer(
        store: any SigV4CredentialStore = Fixture.store,
        steps: [any AccessStep] = []
    ) -> AccessLayer {
        AccessLayer(region: region, credentials: store, clock: ManualClock(wall: now), steps: steps)
    }
}

/// Counts a Swift authorizer's invocations.
final class InvocationCounter: Sendable {
    private let count = LockedBox(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

extension AccessDenial {
    /// `{"Message":"…"}` as AWS writes policy refusals.
    static func capitalMessage(_ text: String) -> String { #"{"Message":""# + text + #""}"# }
}

/// A JSON string's text; `nil` for other values.
func text(_ value: JSONValue) -> String? {
    if case .string(let text) = value { return text }
    return nil
}
