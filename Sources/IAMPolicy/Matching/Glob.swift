#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IAM's wildcard match: `*` is any run of characters (including none and `/`), `?` exactly one
/// character, everything else literal (reference/iam.md §3). A dedicated matcher — never a regular
/// expression built by string replacement, which is how evaluators get `.` and `?` wrong.
///
/// A pattern is a list of tokens, so text that must stay literal — a substituted policy variable,
/// a `${*}` escape — can contain `*` or `?` without becoming a wildcard.
///
/// Matching works on UTF-8 bytes, with no heap allocation: the pattern is compiled once into byte
/// codes and a shape (everything, exact, prefix, stars, general) that picks a fast path. `?`
/// consumes one Unicode scalar (all of its bytes), so multi-byte characters count as one, as in IAM.
///
/// ## Cost
///
/// Policies are attacker-adjacent input (an authorizer returns one per request), so no pattern may
/// make matching expensive. The pattern is split at its `*`s into segments; the first is matched
/// at the start of the text, the last at its end, and each middle one at its leftmost place after
/// the previous — exact for globs, because a segment always spans a fixed number of characters,
/// so its leftmost match ends first. Each byte of text is searched for one segment only:
///
/// - a literal segment with the Knuth–Morris–Pratt automaton: O(text + segment);
/// - a segment with `?` with a bit-parallel (Shift-And) automaton of ⌈segment / 64⌉ words.
///
/// So a match costs O(pattern + text · ⌈s / 64⌉), where `s` is the longest `*`-free run holding a
/// `?` — linear whenever that run is at most 64 bytes, and at most 160 words per text byte at
/// AWS's largest policy (a role's inline policy: 10,240 characters). No backtracking: `*?*?*…`,
/// `*a*a*a…b` and long `?` runs cost the same as plain text. Matching needs no length limit to stay
/// bounded; AWS's own limits are those of the documents (IAM policies 2,048–10,240 characters,
/// API Gateway resource policies 8,192) and ARNs (2,048 characters; Lambda authorizer method ARNs
/// 1,600 bytes). ``referenceMatches(_:)`` is the plain dynamic-programming definition the tests hold
/// this matcher to.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// One pattern element.
    public enum Token: Sendable, Hashable {
        case character(Unicode.Scalar)
        /// `*`
        case anyRun
        /// `?`
        case anyOne
    }

    /// Which fast path applies.
    enum Shape: Sendable, Hashable {
        /// `*`: matches everything.
        case everything
        /// No wildcard: byte equality.
        case exact
        /// Literal bytes then one trailing `*`.
        case prefix
        /// Literal segments separated by `*`s (no `?`): anchored ends, middle segments found
        /// leftmost by Knuth–Morris–Pratt.
        case stars
        /// With `?`: segments, those holding `?` found by the bit-parallel automaton.
        case general
    }

    /// One `*`-free run of the pattern (reference/iam.md §3), prepared for a linear search. A
    /// class, so the match loop takes one reference per segment rather than copying its arrays.
    final class Segment: Sendable {
        /// Literal bytes and ``Glob/anyOneCode``.
        let codes: [UInt16]
        /// The literal bytes when the segment has no `?` (else empty).
        let bytes: [UInt8]
        let hasAnyOne: Bool
        /// Knuth–Morris–Pratt failure links for `bytes`.
        let failure: [Int32]
        /// Shift-And: words per state vector, the distinct literal bytes (sorted) with one mask
        /// row each (bit `j` = code `j` is that byte), and the mask of `?` codes.
        let words: Int
        let distinct: [UInt8]
        let masks: [UInt64]
        let anyOneMask: [UInt64]

        init(_ codes: [UInt16]) {
            self.codes = codes
            hasAnyOne = codes.contains(Glob.anyOneCode)
            if hasAnyOne {
                bytes = []
                failure = []
                words = (codes.count + 63) / 64
                // Sorted distinct literal bytes: O(s log s), no per-segment 256-entry table (a
                // pattern can hold thousands of `?` segments, compiled per request when templated).
                var distinct = codes.filter { $0 <= 0xFF }.map { UInt8($0) }.sorted()
                var kept = 0
                for byte in distinct where kept == 0 || distinct[kept - 1] != byte {
                    distinct[kept] = byte
                    kept += 1
                }
                distinct.removeSubrange(kept...)
                var masks = [UInt64](repeating: 0, count: distinct.count * words)
                var anyOneMask = [UInt64](repeating: 0, count: words)
                for (position, code) in codes.enumerated() {
                    let bit = UInt64(1) << UInt64(position % 64)
                    if code == Glob.anyOneCode {
                        anyOneMask[position / 64] |= bit
                    } else {
                        masks[Self.row(of: UInt8(code), in: distinct)! * words + position / 64] |= bit
                    }
                }
                self.distinct = distinct
                self.masks = masks
                self.anyOneMask = anyOneMask
            } else {
                let bytes = codes.map { UInt8($0) }
                self.bytes = bytes
                failure = Self.failureLinks(bytes)
                words = 0
                distinct = []
                masks = []
                anyOneMask = []
            }
        }

        /// `failure[q]`: the length of the longest proper border of `bytes[0...q]`.
        private static func failureLinks(_ bytes: [UInt8]) -> [Int32] {
            var failure = [Int32](repeating: 0, count: bytes.count)
            var border = 0
            var index = 1
            while index < bytes.count {
                while border > 0 && bytes[index] != bytes[border] { border = Int(failure[border - 1]) }
                if bytes[index] == bytes[border] { border += 1 }
                failure[index] = Int32(border)
                index += 1
            }
            return failure
        }

        /// The mask row of a literal byte, or `nil` when no code is that byte.
        @inline(__always)
        func row(_ byte: UInt8) -> Int? { Self.row(of: byte, in: distinct) }

        /// Binary search in sorted distinct bytes.
        @inline(__always)
        static func row(of byte: UInt8, in distinct: [UInt8]) -> Int? {
            var low = 0
            var high = distinct.count
            while low < high {
                let middle = (low + high) / 2
                let value = distinct[middle]
                if value == byte { return middle }
                if value < byte { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The compiled pattern, in one object so copying a `Glob` is one retain.
    /// `@safe`: ``unretainedMiddles`` holds the same objects as ``middles``, both immutable, so
    /// every unretained reference lives as long as this object.
    @safe private final class Compiled: Sendable {
        /// Byte codes: `0...255` a literal byte, ``anyRunCode`` and ``anyOneCode`` the wildcards.
        let codes: [UInt16]
        /// The literal bytes for `.exact` and `.prefix` shapes.
        let literal: [UInt8]
        /// For `.stars` and `.general`: the segment before the first `*` (anchored at the start),
        /// the one after the last (anchored at the end), and the non-empty ones between.
        let head: Segment
        let tail: Segment
        let middles: [Segment]
        /// `middles` unretained (`middles` keeps them alive), for the match loop.
        let unretainedMiddles: [Unmanaged<Segment>]
        let hasStar: Bool
        let shape: Shape
        let caseInsensitive: Bool
        let description: String

        init(codes: [UInt16], caseInsensitive: Bool, description: String) {
            self.codes = codes
            self.caseInsensitive = caseInsensitive
            self.description = description
            let wildcards = codes.indices.filter { codes[$0] > 0xFF }
            var literal: [UInt8] = []
            if codes == [Glob.anyRunCode] {
                shape = .everything
            } else if wildcards.isEmpty {
                shape = .exact
                literal = codes.map { UInt8($0) }
            } else if wildcards == [codes.count - 1] && codes.last == Glob.anyRunCode {
                shape = .prefix
                literal = codes.dropLast().map { UInt8($0) }
            } else if !codes.contains(Glob.anyOneCode) {
                shape = .stars
            } else {
                shape = .general
            }
            self.literal = literal
            hasStar = codes.contains(Glob.anyRunCode)
            if shape == .stars || shape == .general {
                let runs = codes.split(separator: Glob.anyRunCode, omittingEmptySubsequences: false).map(Array.init)
                head = Segment(runs[0])
                tail = runs.count > 1 ? Segment(runs[runs.count - 1]) : Segment([])
                middles = runs.count > 2 ? runs[1..<(runs.count - 1)].filter { !$0.isEmpty }.map(Segment.init) : []
            } else {
                head = Segment([])
                tail = Segment([])
                middles = []
            }
            unsafe unretainedMiddles = unsafe middles.map { unsafe Unmanaged.passUnretained($0) }
        }
    }

    private let compiled: Compiled
    private var codes: [UInt16] { compiled.codes }
    private var literal: [UInt8] { compiled.literal }
    var shape: Shape { compiled.shape }
    /// Whether letters compare without regard to case (actions do; ARNs do not). Literal pattern
    /// bytes are stored lowercased; the text is folded as it is read.
    public var caseInsensitive: Bool { compiled.caseInsensitive }
    /// The pattern as written (kept in the compiled object, so the struct is one reference and
    /// iterating a list of globs retains nothing else).
    public var description: String { compiled.description }

    static let anyRunCode: UInt16 = 0x100
    static let anyOneCode: UInt16 = 0x101

    /// A pattern where every `*` and `?` is a wildcard.
    public init(_ pattern: String, caseInsensitive: Bool = false) {
        let text = caseInsensitive ? pattern.lowercased() : pattern
        var codes: [UInt16] = []
        codes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            codes.append(
                byte == UInt8(ascii: "*") ? Self.anyRunCode : byte == UInt8(ascii: "?") ? Self.anyOneCode : UInt16(byte)
            )
        }
        self.init(codes: codes, caseInsensitive: caseInsensitive, description: pattern)
    }

    /// A pattern from tokens (literal text as `.character`s). Callers lowercase literal
    /// characters themselves when `caseInsensitive`.
    public init(tokens: [Token], caseInsensitive: Bool = false, description: String? = nil) {
        var codes: [UInt16] = []
        codes.reserveCapacity(tokens.count)
        for token in tokens {
            switch token {
            case .character(let scalar): codes.append(contentsOf: UTF8.encode(scalar)!.map(UInt16.init))
            case .anyRun: codes.append(Self.anyRunCode)
            case .anyOne: codes.append(Self.anyOneCode)
            }
        }
        self.init(codes: codes, caseInsensitive: caseInsensitive, description: description)
    }

    private init(codes: [UInt16], caseInsensitive: Bool, description: String?) {
        self.compiled = Compiled(
            codes: codes,
            caseInsensitive: caseInsensitive,
            description: description ?? Self.render(codes)
        )
    }

    public static func == (lhs: Glob, rhs: Glob) -> Bool {
        lhs.caseInsensitive == rhs.caseInsensitive && lhs.codes == rhs.codes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(caseInsensitive)
        hasher.combine(codes)
    }

    /// The pattern as matched (lowercased when case-insensitive), wildcards as `*` and `?`.
    var patternBytes: [UInt8] { Self.bytes(codes) }

    private static func bytes(_ codes: [UInt16]) -> [UInt8] {
        codes.map { code in
            code == anyRunCode ? UInt8(ascii: "*") : code == anyOneCode ? UInt8(ascii: "?") : UInt8(code)
        }
    }

    private static func render(_ codes: [UInt16]) -> String { String(decoding: bytes(codes), as: UTF8.self) }

    /// `true` when `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        if shape == .everything { return true }
        if caseInsensitive && !text.utf8.allSatisfy({ $0 < 0x80 }) {
            // Unicode case folding: lowercase the text as the pattern was.
            let lowered = text.lowercased()
            return unsafe lowered.utf8.withContiguousStorageIfAvailable { unsafe matches(utf8: $0, foldASCII: false) }
                ?? matches(utf8: Array(lowered.utf8), foldASCII: false)
        }
        return unsafe text.utf8.withContiguousStorageIfAvailable {
            unsafe matches(utf8: $0, foldASCII: caseInsensitive)
        }
            ?? matches(utf8: Array(text.utf8), foldASCII: caseInsensitive)
    }

    /// The plain definition ``matches(_:)`` is held to in tests: a dynamic program over the
    /// pattern, one set of reachable text positions per pattern code (O(pattern · text); never
    /// used to decide a request).
    package func referenceMatches(_ text: String) -> Bool {
        let bytes = Array((caseInsensitive ? text.lowercased() : text).utf8)
        let count = bytes.count
        func boundary(_ position: Int) -> Bool { position == count || bytes[position] & 0xC0 != 0x80 }
        var reachable = [Bool](repeating: false, count: count + 1)
        reachable[0] = true
        for code in codes {
            var next = [Bool](repeating: false, count: count + 1)
            switch code {
            case Self.anyRunCode:
                var seen = false
                for position in 0...count {
                    seen = seen || reachable[position]
                    next[position] = seen && boundary(position)
                }
            case Self.anyOneCode:
                for position in 0..<count where reachable[position] {
                    next[min(count, position + Self.scalarLength(bytes[position]))] = true
                }
            default:
                for position in 0..<count where reachable[position] && UInt16(bytes[position]) == code {
                    next[position + 1] = true
                }
            }
            reachable = next
        }
        return reachable[count]
    }

    private func matches(utf8 text: [UInt8], foldASCII: Bool) -> Bool {
        unsafe text.withUnsafeBufferPointer { unsafe matches(utf8: $0, foldASCII: foldASCII) }
    }

    /// Matches UTF-8 bytes (valid UTF-8, as a `String`'s are). With `foldASCII`, ASCII capitals
    /// in `text` compare as lowercase (the caller has lowercased any non-ASCII text already).
    func matches(utf8 text: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        switch shape {
        case .everything:
            return true
        case .exact:
            guard text.count == literal.count else { return false }
            return unsafe Self.literalMatches(literal, text, from: 0, foldASCII: foldASCII)
        case .prefix:
            guard text.count >= literal.count else { return false }
            return unsafe Self.literalMatches(literal, text, from: 0, foldASCII: foldASCII)
        case .stars, .general:
            return unsafe matchSegments(text, foldASCII: foldASCII)
        }
    }

    /// The head at the start, the tail at the end, each middle segment leftmost in between, in
    /// order. Every search starts where the previous one ended, so each text byte is read for one
    /// segment only.
    private func matchSegments(_ text: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        let compiled = self.compiled
        guard let afterHead = unsafe Self.forward(compiled.head, text, from: 0, limit: text.count, foldASCII: foldASCII)
        else { return false }
        guard compiled.hasStar else { return afterHead == text.count }
        guard let beforeTail = unsafe Self.backward(compiled.tail, text, limit: afterHead, foldASCII: foldASCII) else {
            return false
        }
        var lower = afterHead
        return unsafe compiled.unretainedMiddles.withUnsafeBufferPointer { middles in
            // An index loop: `for unsafe` is not yet kept intact by swift-format.
            for position in 0..<middles.count {
                let middle = unsafe middles[position]
                let end = unsafe middle._withUnsafeGuaranteedRef { segment in
                    unsafe segment.hasAnyOne
                        ? Self.shiftAnd(segment, text, from: lower, to: beforeTail, foldASCII: foldASCII)
                        : Self.knuthMorrisPratt(segment, text, from: lower, to: beforeTail, foldASCII: foldASCII)
                }
                guard let end else { return false }
                lower = end
            }
            return true
        }
    }

    /// Where `segment` ends when matched at `start` (within `limit`), or `nil`.
    @inline(__always)
    private static func forward(
        _ segment: Segment,
        _ text: UnsafeBufferPointer<UInt8>,
        from start: Int,
        limit: Int,
        foldASCII: Bool
    ) -> Int? {
        if !segment.hasAnyOne {
            guard limit - start >= segment.bytes.count,
                unsafe literalMatches(segment.bytes, text, from: start, foldASCII: foldASCII)
            else { return nil }
            return start + segment.bytes.count
        }
        var position = start
        for code in segment.codes {
            guard position < limit else { return nil }
            if code == anyOneCode {
                position = unsafe min(limit, position + scalarLength(text[position]))
            } else {
                guard unsafe UInt16(fold(text[position], foldASCII)) == code else { return nil }
                position += 1
            }
        }
        return position
    }

    /// Where `segment` starts when matched to end at the end of `text` (not before `limit`).
    @inline(__always)
    private static func backward(
        _ segment: Segment,
        _ text: UnsafeBufferPointer<UInt8>,
        limit: Int,
        foldASCII: Bool
    ) -> Int? {
        if !segment.hasAnyOne {
            let start = text.count - segment.bytes.count
            guard start >= limit, unsafe literalMatches(segment.bytes, text, from: start, foldASCII: foldASCII) else {
                return nil
            }
            return start
        }
        var position = text.count
        for code in segment.codes.reversed() {
            guard position > limit else { return nil }
            position -= 1
            if code == anyOneCode {
                // Back over the scalar's continuation bytes to its lead byte.
                while unsafe position > limit && text[position] & 0xC0 == 0x80 { position -= 1 }
            } else {
                guard unsafe UInt16(fold(text[position], foldASCII)) == code else { return nil }
            }
        }
        return position
    }

    /// The end of the leftmost occurrence of a literal segment in `text[lower..<upper]`:
    /// Knuth–Morris–Pratt, so O(upper − lower + segment) whatever the bytes.
    private static func knuthMorrisPratt(
        _ segment: Segment,
        _ text: UnsafeBufferPointer<UInt8>,
        from lower: Int,
        to upper: Int,
        foldASCII: Bool
    ) -> Int? {
        let count = segment.bytes.count
        guard upper - lower >= count, let base = text.baseAddress else { return nil }
        // With nothing matched yet, `memchr` jumps to the next possible first byte (still linear);
        // not for a letter under case folding, whose capital is a candidate too.
        let first = segment.bytes[0]
        let skips = !foldASCII || !(first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
        return unsafe segment.bytes.withUnsafeBufferPointer { bytes in
            unsafe segment.failure.withUnsafeBufferPointer { failure in
                var matched = 0
                var position = lower
                while position < upper {
                    if matched == 0 && skips {
                        guard upper - position >= count,
                            let found = unsafe memchr(base + position, Int32(first), upper - position)
                        else { return nil }
                        position = unsafe base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                        // The whole segment here? (`memcmp` stops at the first difference, and KMP
                        // then never returns to state 0 inside the bytes it agreed on, so no byte
                        // is compared this way twice.)
                        if unsafe !foldASCII && upper - position >= count
                            && memcmp(base + position, bytes.baseAddress!, count) == 0
                        {
                            return position + count
                        }
                    }
                    let byte = unsafe fold(text[position], foldASCII)
                    while unsafe matched > 0 && bytes[matched] != byte { matched = unsafe Int(failure[matched - 1]) }
                    if unsafe bytes[matched] == byte {
                        matched += 1
                        if matched == count { return position + 1 }
                    }
                    position += 1
                }
                return nil
            }
        }
    }

    /// The end of the leftmost occurrence of a segment holding `?` in `text[lower..<upper]`: the
    /// Shift-And automaton, every prefix of the segment tracked at once as one bit, so
    /// O((upper − lower) · ⌈segment / 64⌉) with no backtracking.
    ///
    /// `?` matches a whole scalar: it takes a lead (or ASCII) byte, and a state just past a `?`
    /// stays set while that scalar's continuation bytes go by. Occurrences start only on scalar
    /// boundaries (a fresh start is added at lead bytes only).
    private static func shiftAnd(
        _ segment: Segment,
        _ text: UnsafeBufferPointer<UInt8>,
        from lower: Int,
        to upper: Int,
        foldASCII: Bool
    ) -> Int? {
        let codes = segment.codes.count
        guard codes > 0 else { return lower }
        let words = segment.words
        let lastWord = (codes - 1) / 64
        let lastBit = UInt64(1) << UInt64((codes - 1) % 64)
        func end(after position: Int) -> Int {
            // A final `?` owns its scalar's continuation bytes.
            var end = position + 1
            while unsafe end < upper && text[end] & 0xC0 == 0x80 { end += 1 }
            return end
        }
        return unsafe segment.masks.withUnsafeBufferPointer { masks in
            unsafe segment.anyOneMask.withUnsafeBufferPointer { anyOne in
                if words == 1 {
                    let any = unsafe anyOne[0]
                    var state: UInt64 = 0
                    var position = lower
                    while position < upper {
                        let byte = unsafe fold(text[position], foldASCII)
                        let literal = segment.row(byte).map { unsafe masks[$0] } ?? 0
                        if byte & 0xC0 == 0x80 {
                            state = ((state << 1) & literal) | (state & any)
                        } else {
                            state = ((state << 1) | 1) & (literal | any)
                        }
                        if state & lastBit != 0 { return end(after: position) }
                        position += 1
                    }
                    return nil
                }
                return unsafe withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { state in
                    unsafe state.initialize(repeating: 0)
                    var position = lower
                    while position < upper {
                        let byte = unsafe fold(text[position], foldASCII)
                        let row = segment.row(byte).map { $0 * words }
                        let continuation = byte & 0xC0 == 0x80
                        var carry: UInt64 = continuation ? 0 : 1
                        for word in 0..<words {
                            let old = unsafe state[word]
                            let literal = row.map { unsafe masks[$0 + word] } ?? 0
                            let shifted = (old << 1) | carry
                            carry = old >> 63
                            unsafe state[word] =
                                unsafe continuation
                                ? (shifted & literal) | (old & anyOne[word])
                                : shifted & (literal | anyOne[word])
                        }
                        if unsafe state[lastWord] & lastBit != 0 { return end(after: position) }
                        position += 1
                    }
                    return nil
                }
            }
        }
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ foldASCII: Bool) -> UInt8 {
        foldASCII && byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    private static func literalMatches(
        _ literal: [UInt8],
        _ text: UnsafeBufferPointer<UInt8>,
        from start: Int,
        foldASCII: Bool
    ) -> Bool {
        unsafe literal.withUnsafeBufferPointer { pattern in
            if !foldASCII, let base = text.baseAddress, let patternBase = pattern.baseAddress {
                // No case folding (ARNs): `memcmp`, vectorized by the C library.
                return unsafe memcmp(base + start, patternBase, pattern.count) == 0
            }
            var index = 0
            while index < pattern.count {
                if unsafe pattern[index] != fold(text[start + index], foldASCII) { return false }
                index += 1
            }
            return true
        }
    }

    /// The length of the UTF-8 scalar starting with `lead` (1 for a stray continuation byte).
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
