import GatehouseCore
import GatehouseCrypto
import IAMPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a verified token's header comes from: the header as the verifier read it, or (when the
/// header memo answered) the token's first segment, read again only when someone asks.
enum HeaderSource: Sendable {
    case read(TokenJSON)
    case segment(String, length: Int)

    var json: TokenJSON {
        switch self {
        case .read(let json): return json
        case .segment(let token, let length):
            // It verified once already: reading it again cannot fail.
            let segment = Array(token.utf8.prefix(length))
            return unsafe segment.withUnsafeBufferPointer {
                unsafe (try? JWTVerifier.segment($0, "header")) ?? .tree([])
            }
        }
    }
}
