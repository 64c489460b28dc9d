public import GatehouseCore
import GatehouseCrypto
import IAMPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A token whose signature and claims passed.
public struct VerifiedToken: Sendable {
    let headerSource: HeaderSource
    let claimsJSON: TokenJSON
    public let algorithm: JWTAlgorithm
    public let keyID: String?

    /// The header's members.
    public var header: [(key: String, value: JSONNode)] { headerSource.json.members }
    /// The claims, in token order.
    public var claims: [(key: String, value: JSONNode)] { claimsJSON.members }

    /// A claim's value.
    public func claim(_ name: String) -> JSONValue? { claimsJSON.value(named: name) }

    public var subject: String? { if case .string(let value)? = claim("sub") { return value } else { return nil } }

    /// `scope` (space-separated) and `scp` (string or list), merged.
    public var scopes: [String] {
        var scopes: [String] = []
        if case .string(let text)? = claim("scope") { scopes += text.split(separator: " ").map(String.init) }
        switch claim("scp") {
        case .string(let text)?: scopes += text.split(separator: " ").map(String.init)
        case let value?: scopes += value.stringList ?? []
        case nil: break
        }
        return scopes
    }
}
