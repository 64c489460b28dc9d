/// The one piece of JSON writing denial bodies need: a string quoted the way API Gateway's
/// `$context.error.messageString` and its policy bodies quote it.
///
/// `"` and `\` are escaped, control characters become `\uXXXX` (`\n`, `\r`, `\t` and their
/// short forms as JSON writers print them), and everything else — `/` included, which AWS
/// leaves alone in method ARNs — is written as is. Kept here rather than borrowed from a JSON
/// writer so the denial bodies, pinned byte for byte to AWS's recordings, cannot drift when a
/// writer's options change.
enum DenialJSON {
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.utf8.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
