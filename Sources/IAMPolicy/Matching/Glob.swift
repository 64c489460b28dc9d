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
/// Matching works on UTF-8 bytes, with no allocation: the pattern is compiled once into byte codes
/// and a shape (everything, exact, prefix, general) that picks a fast path. `?` consumes one
/// Unicode scalar (all of its bytes), so multi-byte characters count as one, as in IAM.
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
        /// Literal pieces separated by `*`s (no `?`): anchored ends, then each middle piece found
        /// leftmost in order — greedy is exact when `*` is the only wildcard.
        case stars
        /// With `?`: the backtracking matcher.
        case general
    }

    /// The compiled pattern, in one object so copying a `Glob` is one retain.
    private final class Compiled: Sendable {
        /// Byte codes: `0...255` a literal byte, ``anyRunCode`` and ``anyOneCode`` the wildcards.
        let codes: [UInt16]
        /// The literal bytes for `.exact` and `.prefix` shapes.
        let literal: [UInt8]
        /// For `.stars`: the literal runs between `*`s, and whether the text must begin and end
        /// with the first and last run.
        let pieces: [[UInt8]]
        let anchoredStart: Bool
        let anchoredEnd: Bool
        let shape: Shape
        let caseInsensitive: Bool
        let description: String

        init(codes: [UInt16], caseInsensitive: Bool, description: String) {
            self.codes = codes
            self.caseInsensitive = caseInsensitive
            self.description = description
            let wildcards = codes.indices.filter { codes[$0] > 0xFF }
            var pieces: [[UInt8]] = []
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
                pieces = codes.split(separator: Glob.anyRunCode, omittingEmptySubsequences: false).map {
                    $0.map { UInt8($0) }
                }
            } else {
                shape = .general
            }
            self.literal = literal
            anchoredStart = codes.first != Glob.anyRunCode
            anchoredEnd = codes.last != Glob.anyRunCode
            self.pieces = pieces.filter { !$0.isEmpty }
        }
    }

    private let compiled: Compiled
    private var codes: [UInt16] { compiled.codes }
    private var literal: [UInt8] { compiled.literal }
    private var pieces: [[UInt8]] { compiled.pieces }
    private var anchoredStart: Bool { compiled.anchoredStart }
    private var anchoredEnd: Bool { compiled.anchoredEnd }
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
            return lowered.utf8.withContiguousStorageIfAvailable { matches(utf8: $0, foldASCII: false) }
                ?? matches(utf8: Array(lowered.utf8), foldASCII: false)
        }
        return text.utf8.withContiguousStorageIfAvailable { matches(utf8: $0, foldASCII: caseInsensitive) }
            ?? matches(utf8: Array(text.utf8), foldASCII: caseInsensitive)
    }

    private func matches(utf8 text: [UInt8], foldASCII: Bool) -> Bool {
        text.withUnsafeBufferPointer { matches(utf8: $0, foldASCII: foldASCII) }
    }

    /// Matches UTF-8 bytes. With `foldASCII`, ASCII capitals in `text` compare as lowercase (the
    /// caller has lowercased any non-ASCII text already).
    func matches(utf8 text: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        switch shape {
        case .everything:
            return true
        case .exact:
            guard text.count == literal.count else { return false }
            return Self.literalMatches(literal, text, from: 0, foldASCII: foldASCII)
        case .prefix:
            guard text.count >= literal.count else { return false }
            return Self.literalMatches(literal, text, from: 0, foldASCII: foldASCII)
        case .stars:
            return matchStars(text, foldASCII: foldASCII)
        case .general:
            return codes.withUnsafeBufferPointer { Self.match($0, text, foldASCII: foldASCII) }
        }
    }

    /// `.stars`: the first piece at the start (if anchored), the last at the end (if anchored),
    /// the others leftmost in between, in order.
    private func matchStars(_ text: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        var lower = 0
        var upper = text.count
        var first = 0
        var last = pieces.count
        if anchoredStart {
            let piece = pieces[0]
            guard piece.count <= upper, Self.literalMatches(piece, text, from: 0, foldASCII: foldASCII) else {
                return false
            }
            lower = piece.count
            first = 1
        }
        if anchoredEnd {
            let piece = pieces[pieces.count - 1]
            guard upper - lower >= piece.count,
                Self.literalMatches(piece, text, from: upper - piece.count, foldASCII: foldASCII)
            else { return false }
            upper -= piece.count
            last -= 1
        }
        var index = first
        while index < last {
            let piece = pieces[index]
            guard let found = Self.find(piece, in: text, from: lower, to: upper, foldASCII: foldASCII) else {
                return false
            }
            lower = found + piece.count
            index += 1
        }
        return true
    }

    /// The leftmost start of `piece` within `text[lower..<upper]`.
    private static func find(
        _ piece: [UInt8],
        in text: UnsafeBufferPointer<UInt8>,
        from lower: Int,
        to upper: Int,
        foldASCII: Bool
    ) -> Int? {
        guard upper - lower >= piece.count else { return nil }
        let head = piece[0]
        var start = lower
        while start + piece.count <= upper {
            if fold(text[start], foldASCII) == head && literalMatches(piece, text, from: start, foldASCII: foldASCII) {
                return start
            }
            start += 1
        }
        return nil
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
        literal.withUnsafeBufferPointer { pattern in
            if !foldASCII, let base = text.baseAddress, let patternBase = pattern.baseAddress {
                // No case folding (ARNs): `memcmp`, vectorized by the C library.
                return memcmp(base + start, patternBase, pattern.count) == 0
            }
            var index = 0
            while index < pattern.count {
                if pattern[index] != fold(text[start + index], foldASCII) { return false }
                index += 1
            }
            return true
        }
    }

    /// The length of the UTF-8 scalar starting with `lead` (1 for a stray continuation byte).
    @inline(__always)
    private static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Linear-time wildcard matching with one backtrack point (the last `*`): no recursion, so a
    /// hostile pattern like `*a*a*a*…b` cannot blow up. Text positions stay on scalar boundaries.
    private static func match(
        _ pattern: UnsafeBufferPointer<UInt16>,
        _ text: UnsafeBufferPointer<UInt8>,
        foldASCII: Bool
    ) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == anyOneCode {
                p += 1
                t = min(text.count, t + scalarLength(text[t]))
            } else if p < pattern.count, pattern[p] == UInt16(fold(text[t], foldASCII)) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == anyRunCode {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark = min(text.count, mark + scalarLength(text[mark]))
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == anyRunCode { p += 1 }
        return p == pattern.count
    }
}
