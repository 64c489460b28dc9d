import GatehouseCore
import GatehouseCrypto

/// SigV4a region sets: `us-east-1,us-west-2`, `*`, or wildcards such as `us-*`.
///
/// The set is the client's text, read before any signature is checked, so its cost is bounded:
/// at most ``maxBytes`` bytes in all, ``maxEntries`` comma-separated entries and
/// ``maxEntryBytes`` bytes per entry (a set beyond these is refused, not scanned), and each
/// wildcard entry is matched by anchoring its first and last literal runs and finding each
/// middle run leftmost in order — exact for `*`, the only wildcard, and without backtracking.
enum RegionSet {
    /// The most bytes a region set may have (all entries and commas).
    static let maxBytes = 2048
    /// The most entries a region set may have (AWS has fewer than 40 regions).
    static let maxEntries = 64
    /// The most bytes one entry may have (region names are under 30).
    static let maxEntryBytes = 64

    enum Verdict: Equatable {
        case covers
        case doesNotCover
        /// Over a limit: the message says which.
        case tooLarge(String)
    }

    static func covers(_ set: String, region: String) -> Bool { judge(set, region: region) == .covers }

    static func judge(_ set: String, region: String) -> Verdict {
        let bytes = Array(set.utf8)
        guard bytes.count <= maxBytes else {
            return .tooLarge("The region set is longer than \(maxBytes) bytes.")
        }
        let comma = UInt8(ascii: ",")
        guard bytes.lazy.filter({ $0 == comma }).count < maxEntries else {
            return .tooLarge("The region set has more than \(maxEntries) entries.")
        }
        let text = Array(region.utf8)
        var found = false
        for entry in bytes.split(separator: comma, omittingEmptySubsequences: false) {
            let pattern = trimmed(entry)
            guard pattern.count <= maxEntryBytes else {
                return .tooLarge("A region set entry is longer than \(maxEntryBytes) bytes.")
            }
            if !found && matches(pattern, text[...]) { found = true }
        }
        return found ? .covers : .doesNotCover
    }

    private static func trimmed(_ entry: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = entry
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            slice = slice.dropLast()
        }
        return slice
    }

    /// `*` matches any run of bytes (including none); everything else is literal. The literal
    /// runs between stars are matched in order: the first anchored at the start, the last at
    /// the end, each middle one at its leftmost place after the one before (taking the leftmost
    /// place never loses a match when `*` is the only wildcard). Each run is searched once, so
    /// the cost is at most the pattern's length times the text's, with no backtracking.
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        let star = UInt8(ascii: "*")
        guard pattern.contains(star) else { return pattern.elementsEqual(text) }
        let runs = pattern.split(separator: star, omittingEmptySubsequences: false)
        let head = runs.first!
        let tail = runs.last!
        guard head.count + tail.count <= text.count, text.starts(with: head),
            text.reversed().starts(with: tail.reversed())
        else { return false }
        var position = text.startIndex + head.count
        let end = text.endIndex - tail.count
        for run in runs.dropFirst().dropLast() where !run.isEmpty {
            guard let at = firstIndex(of: run, in: text, from: position, to: end) else { return false }
            position = at + run.count
        }
        return true
    }

    private static func firstIndex(
        of run: ArraySlice<UInt8>,
        in text: ArraySlice<UInt8>,
        from start: Int,
        to end: Int
    ) -> Int? {
        guard end - start >= run.count else { return nil }
        for candidate in start...(end - run.count) where text[candidate..<(candidate + run.count)].elementsEqual(run) {
            return candidate
        }
        return nil
    }
}
