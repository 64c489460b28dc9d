import Foundation

/// Every line gatehouse prints, on standard output or standard error, is made safe here (CWE-117,
/// issue 16 F26). Commands escape the fields they know to be foreign (a policy's `Sid`, a token's
/// claims), but a field missed there — a JWT issuer or kid, an authorizer's principalId, a header
/// value — would reach the terminal raw: a bidi override, U+2028 or a C1 `CSI` (0x9B) rewrites
/// what the reader sees. This sink is the one place no command can bypass: it shadows `print` in
/// this module, and ``printError(_:)`` — the only way this module writes to standard error
/// (`curl -v`'s trace, whose reason phrase and headers the server chose, included) — goes
/// through it too. Only the response body `curl` passes through is written raw, by design.
///
/// The form is JSON's `\uXXXX` (UTF-16 units), so a JSON document keeps its meaning (the escape
/// decodes to the same string) while text shows the code point visibly. Line feeds and tabs stay
/// (they are the output's own layout; a serializer never leaves one raw inside a JSON string).
enum SafeOutput {
    static func escape(_ text: String) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || !TerminalText.isUnsafe(scalar) {
                out.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            }
        }
        return String(out)
    }
}

/// `Swift.print` through ``SafeOutput/escape(_:)``: every `print` in this module resolves here.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(SafeOutput.escape(text), terminator: terminator)
}
