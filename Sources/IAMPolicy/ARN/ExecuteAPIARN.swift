/// API Gateway's invoke ARN, the resource of `execute-api:Invoke` (reference/iam.md §6.1):
/// `arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/{METHOD}/{path}`, where `{path}` is the
/// request path without its leading `/` (the root is `…/{stage}/{METHOD}/`).
public struct ExecuteAPIARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var region: String
    public var account: String
    public var apiId: String
    public var stage: String
    /// The HTTP verb (uppercase), or `*` in patterns.
    public var method: String
    /// The path without its leading `/`; empty for the root.
    public var path: String

    public init(
        partition: String = "aws",
        region: String,
        account: String,
        apiId: String,
        stage: String,
        method: String,
        path: String
    ) {
        self.partition = partition
        self.region = region
        self.account = account
        self.apiId = apiId
        self.stage = stage
        self.method = method.uppercased() == method ? method : method.uppercased()
        self.path = path.hasPrefix("/") ? String(path.dropFirst()) : path
    }

    /// Parses an invoke ARN; `nil` for other services or a resource without stage and method.
    public init?(_ text: String) {
        guard let arn = ARN(text), arn.service == "execute-api" else { return nil }
        let parts = ARN.split(arn.resource, UInt8(ascii: "/"), maxSplits: 3)
        guard parts.count >= 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(
            partition: arn.partition,
            region: arn.region,
            account: arn.account,
            apiId: String(parts[0]),
            stage: String(parts[1]),
            method: String(parts[2]),
            path: parts.count == 4 ? String(parts[3]) : ""
        )
    }

    /// The region of an invoke ARN, `nil` exactly when ``init(_:)`` is — without building the
    /// other fields (an authorizer policy's condition context needs only `aws:RequestedRegion`,
    /// on every cache hit).
    public static func region(of text: String) -> String? {
        var utf8 = text
        let ascii = utf8.withUTF8 { bytes -> String?? in
            guard unsafe ARN.isASCII(bytes) else { return .none }
            func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
                unsafe range.count == literal.utf8CodeUnitCount
                    && bytes[range].elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: range.count))
            }
            let parts = unsafe ARN.fields(bytes, in: 0..<bytes.count, UInt8(ascii: ":"), maxSplits: 5)
            guard parts.count == 6, equals(parts[0], "arn"), !parts[1].isEmpty, equals(parts[2], "execute-api")
            else { return .some(nil) }
            let resource = unsafe ARN.fields(bytes, in: parts[5], UInt8(ascii: "/"), maxSplits: 3)
            guard resource.count >= 3, !resource[0].isEmpty, !resource[1].isEmpty, !resource[2].isEmpty else {
                return .some(nil)
            }
            return unsafe .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[parts[3]]), as: UTF8.self))
        }
        if let ascii { return ascii }
        return ExecuteAPIARN(text)?.region
    }

    public var description: String {
        "arn:\(partition):execute-api:\(region):\(account):\(apiId)/\(stage)/\(method)/\(path)"
    }

    /// Expands the resource-policy shorthand `execute-api:/{stage}/{METHOD}/{path}` (or
    /// `execute-api:/*`) to the full ARN of one API, as API Gateway does when a policy is saved.
    /// Anything else is returned unchanged.
    public static func expandShorthand(
        _ resource: String,
        partition: String = "aws",
        region: String,
        account: String,
        apiId: String
    ) -> String {
        guard resource.hasPrefix("execute-api:/") else { return resource }
        let rest = resource.dropFirst("execute-api:/".count)
        return "arn:\(partition):execute-api:\(region):\(account):\(apiId)/\(rest)"
    }
}

extension PolicyDocument {
    /// The document with every `execute-api:/…` shorthand in `Resource`/`NotResource` expanded to
    /// one API's full ARN (reference/iam.md §6.1) — the load step API Gateway performs when a
    /// resource policy is saved, which needs the API's region, account and id.
    public func expandingExecuteAPIShorthand(
        partition: String = "aws",
        region: String,
        account: String,
        apiId: String
    ) -> PolicyDocument {
        var copy = self
        for index in copy.statements.indices {
            copy.statements[index].resource.value = copy.statements[index].resource.value.map {
                ExecuteAPIARN.expandShorthand($0, partition: partition, region: region, account: account, apiId: apiId)
            }
        }
        return copy
    }

    /// Whether any `Resource`/`NotResource` uses the `execute-api:/…` shorthand.
    public var usesExecuteAPIShorthand: Bool {
        statements.contains { $0.resource.value.contains { $0.hasPrefix("execute-api:/") } }
    }
}
