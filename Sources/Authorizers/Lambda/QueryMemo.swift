import GatehouseCore
import GatehouseCrypto
import Synchronization

/// A request's query string, decoded strictly at most once: the validity check, query identity
/// sources and the event's query maps all read this one decoding (each decoded it again).
final class QueryMemo: Sendable {
    let raw: String
    private let decoded = LockedBox<Result<[(String, String)], QueryStringError>?>(nil)
    /// How many times ``raw`` was decoded: at most once (tests hold it to that).
    let decodings = Atomic<Int>(0)

    init(_ raw: String) { self.raw = raw }

    /// The pairs, or the first component that does not decode strictly.
    var parameters: Result<[(String, String)], QueryStringError> {
        decoded.withLock { memo in
            if let memo { return memo }
            let result = Self.decode(raw)
            decodings.add(1, ordering: .relaxed)
            memo = result
            return result
        }
    }

    private static func decode(_ raw: String) -> Result<[(String, String)], QueryStringError> {
        var pairs: [(String, String)] = []
        var index = 0
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name: String
            switch AuthorizerRequest.decodeQueryComponent(parts[0]) {
            case .success(let decoded): name = decoded
            case .failure(let problem): return .failure(QueryStringError(parameter: index, name: nil, problem: problem))
            }
            var value = ""
            if parts.count > 1 {
                switch AuthorizerRequest.decodeQueryComponent(parts[1]) {
                case .success(let decoded): value = decoded
                case .failure(let problem):
                    return .failure(QueryStringError(parameter: index, name: name, problem: problem))
                }
            }
            pairs.append((name, value))
            index += 1
        }
        return .success(pairs)
    }
}
