/// Text that came from a policy, a request or a file name, made safe to print (CWE-117).
///
/// Policies and file names are written by others. Printed raw, a newline in a `Sid` forges a
/// finding line, an escape sequence rewrites the terminal, a bidi override makes `Allow` read as
/// something else. Every line the policy commands print goes through here: control characters
/// (C0, DEL, C1), format characters (bidi overrides and isolates, zero-width characters, tags) and
/// the Unicode line and paragraph separators are shown as `\u{XX}` escapes — visible, one line, and
/// never interpreted.
enum TerminalText {
    /// Whether a scalar must not reach a terminal or log raw.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate:
            return true
        default:
            return false
        }
    }

    /// One line of text with every unsafe scalar escaped as `\u{XX}`.
    static func escape(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
