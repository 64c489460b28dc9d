/// Why a URL was refused: the URL as it may be shown (user names and passwords elided, control
/// and non-ASCII bytes percent-encoded) and the reason.
public struct EndpointURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL, safe to print.
    public let display: String
    public let reason: String

    public var description: String { "`\(display)`: \(reason)" }

    /// The bytes with anything unprintable percent-encoded, and `redacting` (the authority of a
    /// URL with a user name or password) shown as `…@host` — never the password.
    static func display(_ bytes: [UInt8], redacting: Range<Int>? = nil) -> String {
        var shown = bytes
        if let redacting, let at = bytes[redacting].lastIndex(of: UInt8(ascii: "@")) {
            shown = Array(bytes[..<redacting.lowerBound]) + Array("…".utf8) + Array(bytes[at...])
        }
        if shown.count > 200 { shown = Array(shown.prefix(200)) + Array("…".utf8) }
        var out = ""
        var index = 0
        while index < shown.count {
            // Keep the one non-ASCII character this function adds itself (`…`).
            if shown[index...].starts(with: Array("…".utf8)) {
                out += "…"
                index += 3
                continue
            }
            let byte = shown[index]
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "`") {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
            index += 1
        }
        return out
    }
}
