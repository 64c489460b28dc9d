/// Which statements can apply to an action (reference/iam.md §9): statements are filed by exact
/// lowercased action, by service prefix when the action part has a wildcard, or in a small
/// always-checked bucket (NotAction, `*`, a wildcard in the prefix). Evaluation then costs what
/// the candidates cost, not what the policy set holds.
struct ActionIndex: Sendable {
    private let exact: FoldedKeyTable
    private let byService: FoldedKeyTable
    /// Every candidate list, flat: the tables' values are ranges into it, so a lookup hands out
    /// no array (and retains nothing).
    let lists: [Int32]
    /// Where the always-checked statements are in ``lists``.
    let always: Range<Int>

    init(_ statements: [CompiledStatement]) {
        var exact: [String: [Int32]] = [:]
        var byService: [String: [Int32]] = [:]
        var always: [Int32] = []
        for (id, statement) in statements.enumerated() {
            let id = Int32(id)
            guard !statement.actionsNegated else {
                always.append(id)
                continue
            }
            var filedAlways = false
            for glob in statement.actions {
                // The glob's own (lowercased) pattern, filed by its bytes.
                let pattern = glob.patternBytes
                let isWildcard = { (byte: UInt8) in byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") }
                guard let colon = pattern.firstIndex(of: UInt8(ascii: ":")) else {
                    filedAlways = true
                    continue
                }
                if pattern[..<colon].contains(where: isWildcard) {
                    filedAlways = true
                } else if pattern[colon...].contains(where: isWildcard) {
                    Self.file(id, under: String(decoding: pattern[..<colon], as: UTF8.self), in: &byService)
                } else {
                    Self.file(id, under: String(decoding: pattern, as: UTF8.self), in: &exact)
                }
            }
            if filedAlways { always.append(id) }
        }
        var lists: [Int32] = always
        self.always = 0..<always.count
        self.exact = FoldedKeyTable(exact, lists: &lists)
        self.byService = FoldedKeyTable(byService, lists: &lists)
        self.lists = lists
    }

    private static func file(_ id: Int32, under key: String, in table: inout [String: [Int32]]) {
        if table[key]?.last != id { table[key, default: []].append(id) }
    }

    /// The candidate lists for an action (UTF-8, ASCII-folded when `foldASCII`): ranges of
    /// ``lists`` holding the statements filed under the exact action and under its service. Each
    /// list ascends.
    func candidates(
        for action: UnsafeBufferPointer<UInt8>,
        foldASCII: Bool
    ) -> (exact: Range<Int>, service: Range<Int>) {
        let exactHits = unsafe exact.lookup(action, foldASCII: foldASCII)
        var serviceHits = 0..<0
        if !byService.isEmpty, let colon = unsafe action.firstIndex(of: UInt8(ascii: ":")) {
            serviceHits = unsafe byService.lookup(UnsafeBufferPointer(rebasing: action[..<colon]), foldASCII: foldASCII)
        }
        return (exactHits, serviceHits)
    }
}
