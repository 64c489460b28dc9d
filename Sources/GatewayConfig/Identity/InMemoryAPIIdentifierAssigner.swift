import GatehouseCore

/// An ``APIIdentifierAssigner`` that remembers ids for as long as it lives: for tests and for a
/// gateway run without a data directory.
///
/// Ids come from a SplitMix64 stream started at `seed`, so a test sees the same ids on every run;
/// a drawn id already given to another name is skipped.
public final class InMemoryAPIIdentifierAssigner: APIIdentifierAssigner {
    private struct State {
        var byName: [String: APIIdentifier] = [:]
        var taken: Set<APIIdentifier> = []
        var random: UInt64
    }

    private let state: LockedBox<State>

    /// An assigner whose ids are drawn from a stream seeded with `seed`; `preassigned` ids are
    /// returned for their names as given (after checking that no id is given twice).
    public init(seed: UInt64 = 0, preassigned: [String: APIIdentifier] = [:]) {
        var initial = State(random: seed)
        for (name, id) in preassigned.sorted(by: { $0.key < $1.key }) where !initial.taken.contains(id) {
            initial.byName[name] = id
            initial.taken.insert(id)
        }
        state = LockedBox(initial)
    }

    public func identifier(forAPINamed name: String) async throws -> APIIdentifier {
        state.withLock { state in
            if let known = state.byName[name] { return known }
            while true {
                let candidate = Self.draw(&state.random)
                if state.taken.insert(candidate).inserted {
                    state.byName[name] = candidate
                    return candidate
                }
            }
        }
    }

    /// Every name seen so far with its id.
    public var assigned: [String: APIIdentifier] { state.withLock { $0.byName } }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Ten characters from the alphabet, from SplitMix64 steps.
    private static func draw(_ random: inout UInt64) -> APIIdentifier {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(APIIdentifier.length)
        while bytes.count < APIIdentifier.length {
            random &+= 0x9E37_79B9_7F4A_7C15
            var z = random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            bytes.append(alphabet[Int(z % UInt64(alphabet.count))])
        }
        // The bytes are from the alphabet, so the id is valid.
        return APIIdentifier(String(decoding: bytes, as: UTF8.self))!
    }
}
