/// Random JSON text from a ``SeededRandom`` stream, for the parser's fuzz tests and the
/// flat-versus-tree claim differential: objects, arrays and scalars with escapes (`\n`, `\/`,
/// `\u00e9`, surrogate pairs), non-ASCII keys (precomposed and decomposed `é`, `K` and the Kelvin
/// sign, emoji), keys repeated on purpose, nesting, and every shape of number.
///
/// ```swift
/// var random = SeededRandom(seed: 7)
/// var json = RandomJSON()
/// let text = json.document(&random)
/// ```
public struct RandomJSON: Sendable {
    /// The deepest nesting generated.
    public var maxDepth = 4
    /// The most members or elements in one container.
    public var maxWidth = 6
    /// Chance (in 100) that an object repeats one of its keys, byte for byte.
    public var duplicatePercent = 10
    /// Chance (in 100) that a string or key uses an escape or non-ASCII text; 0 for plain ASCII
    /// (what the token fast path reads).
    public var fancyPercent = 30
    /// Chance (in 100) that a member's value is a container (when depth allows).
    public var nestingPercent = 25

    public init() {}

    /// Keys JWT claim sets use, and keys that differ from another only in their bytes.
    public static let keys: [String] = [
        "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope", "client_id", "token_use", "username",
        "K", "\u{212A}", "\u{E9}", "e\u{301}", "caf\u{E9}", "cafe\u{301}", "Effect", "effect", "a", "b",
        "long_key_sharing_a_prefix_1", "long_key_sharing_a_prefix_2", "x\u{1F600}", "",
    ]

    /// A document: an object at the top (claims, policies, credential_process output).
    public mutating func document(_ random: inout SeededRandom) -> String {
        object(&random, depth: 0)
    }

    /// Any value.
    public mutating func value(_ random: inout SeededRandom, depth: Int) -> String {
        if depth < maxDepth && random.below(100) < nestingPercent {
            return random.below(2) == 0 ? object(&random, depth: depth + 1) : array(&random, depth: depth + 1)
        }
        switch random.below(6) {
        case 0, 1: return string(&random)
        case 2, 3: return number(&random)
        case 4: return random.below(2) == 0 ? "true" : "false"
        default: return "null"
        }
    }

    public mutating func object(_ random: inout SeededRandom, depth: Int) -> String {
        var keys: [String] = []
        for _ in 0..<random.below(maxWidth + 1) {
            if !keys.isEmpty && random.below(100) < duplicatePercent {
                keys.append(keys[random.below(keys.count)])
            } else {
                keys.append(key(&random))
            }
        }
        let members = keys.map {
            "\(space(&random))\($0)\(space(&random)):\(space(&random))\(value(&random, depth: depth))"
        }
        return "{" + members.joined(separator: ",") + space(&random) + "}"
    }

    public mutating func array(_ random: inout SeededRandom, depth: Int) -> String {
        let elements = (0..<random.below(maxWidth + 1)).map { _ in space(&random) + value(&random, depth: depth) }
        return "[" + elements.joined(separator: ",") + space(&random) + "]"
    }

    /// A quoted key: a known one (some differ from another only in bytes), or a random string.
    /// A key is always written the same way, so a repeated key repeats its bytes.
    public mutating func key(_ random: inout SeededRandom) -> String {
        if random.below(3) > 0 {
            let plain = Self.keys.filter { fancyPercent > 0 || $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 } }
            return "\"" + plain[random.below(plain.count)] + "\""
        }
        return string(&random)
    }

    /// A quoted string, with escapes and non-ASCII text at ``fancyPercent``.
    public mutating func string(_ random: inout SeededRandom) -> String {
        var text = "\""
        for _ in 0..<random.below(12) {
            if random.below(100) < fancyPercent {
                text +=
                    [
                        "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u00e9", "\\u0065\\u0301", "\\ud83d\\ude00", "\\u212a",
                        "\u{E9}", "e\u{301}", "\u{212A}", "\u{1F600}", "\u{2028}", "\\u0000", "\\b\\f\\r",
                    ][random.below(16)]
            } else {
                text += String(Character(Unicode.Scalar(UInt8(0x20 + random.below(0x5F)))))
                    .replacingBackslashAndQuote()
            }
        }
        return text + "\""
    }

    /// A number in one of JSON's shapes.
    public mutating func number(_ random: inout SeededRandom) -> String {
        var text = random.below(4) == 0 ? "-" : ""
        text += random.below(5) == 0 ? "0" : String(1 + random.below(9)) + digits(&random, random.below(12))
        if random.below(4) == 0 { text += "." + digits(&random, 1 + random.below(4)) }
        if random.below(5) == 0 {
            text += ["e", "E", "e+", "e-", "E-"][random.below(5)] + digits(&random, 1 + random.below(3))
        }
        return text
    }

    private func digits(_ random: inout SeededRandom, _ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(0x30 + random.below(10)))) })
    }

    private func space(_ random: inout SeededRandom) -> String {
        random.below(4) == 0 ? [" ", "\n", "\t", "\r\n ", "  "][random.below(5)] : ""
    }

    /// Bytes of `text` changed at a few random places (replaced, removed, inserted) from an
    /// alphabet of JSON's structural characters and troublesome bytes: inputs near valid JSON.
    public static func mutated(_ text: String, _ random: inout SeededRandom, edits: Int) -> [UInt8] {
        let alphabet =
            Array(#"{}[]",:\/u0"ab1-+.eE tfnD8"#.utf8) + [
                0x09, 0x0A, 0x00, 0x01, 0x7F, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80,
            ]
        var bytes = Array(text.utf8)
        for _ in 0..<edits {
            let index = bytes.isEmpty ? 0 : random.below(bytes.count)
            switch random.below(3) {
            case 0 where !bytes.isEmpty: bytes[index] = alphabet[random.below(alphabet.count)]
            case 1 where !bytes.isEmpty: bytes.remove(at: index)
            default: bytes.insert(alphabet[random.below(alphabet.count)], at: index)
            }
        }
        return bytes
    }
}

extension String {
    /// A printable ASCII character as it may stand in a JSON string (`\` and `"` escaped).
    fileprivate func replacingBackslashAndQuote() -> String {
        self == "\\" ? "\\\\" : self == "\"" ? "\\\"" : self
    }
}
