/// Python's `shlex.split` (POSIX mode, no comments), which botocore uses to read a config-file
/// section header such as `[profile "my name"]` into its words.
enum ShellWords {
    /// The words of `text`, or `nil` where `shlex.split` raises (an unclosed quote, a trailing
    /// backslash).
    static func split(_ text: String) -> [String]? {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch quote {
            case "'":
                if scalar == "'" { quote = nil } else { word.append(scalar) }
            case "\"":
                if scalar == "\"" {
                    quote = nil
                } else if scalar == "\\" {
                    guard index < scalars.count else { return nil }
                    let next = scalars[index]
                    index += 1
                    // Inside double quotes a backslash escapes only `"` and itself.
                    if next != "\"" && next != "\\" { word.append(scalar) }
                    word.append(next)
                } else {
                    word.append(scalar)
                }
            default:
                if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                    if inWord { words.append(String(word)) }
                    (word, inWord) = (String.UnicodeScalarView(), false)
                } else if scalar == "\\" {
                    guard index < scalars.count else { return nil }
                    inWord = true
                    word.append(scalars[index])
                    index += 1
                } else if scalar == "'" || scalar == "\"" {
                    quote = scalar
                    inWord = true
                } else {
                    inWord = true
                    word.append(scalar)
                }
            }
        }
        guard quote == nil else { return nil }
        if inWord { words.append(String(word)) }
        return words
    }
}
