import GatehouseCrypto

/// Which header values never print.
public enum Redaction {
    /// Header names whose values are secrets.
    public static let secretHeaders: Set<String> = [
        "authorization", "x-amz-security-token", "x-api-key", "cookie", "proxy-authorization",
    ]

    /// `value`, or a redacted form when `name` carries a secret. An `Authorization` value keeps
    /// only its algorithm (useful when debugging); credential, scope and signature are hidden.
    /// Other values are printed with any presigned secrets in URLs they hold redacted
    /// (``redactingQuerySecrets(in:)``: a `Location` or `Referer` may carry a presigned URL).
    public static func redactedValue(name: String, value: String) -> String {
        let lower = name.lowercased()
        guard secretHeaders.contains(lower) else { return redactingQuerySecrets(in: value) }
        if lower == "authorization", let space = value.firstIndex(of: " ") {
            return String(value[..<space]) + " <redacted>"
        }
        return "<redacted>"
    }

    /// Query parameters whose values are secrets: a presigned URL's signature and session token
    /// (the access key id in `X-Amz-Credential` is not a secret).
    public static let secretQueryParameters: Set<String> = ["x-amz-signature", "x-amz-security-token"]

    /// `text` with the value of every query parameter in ``secretQueryParameters`` replaced by
    /// `<redacted>`, wherever a URL or query appears in it (a request target, a whole URL, an
    /// error message quoting one). Names are matched as a server might read them: percent-decoded
    /// (repeatedly, so `%2565` counts as `e`), in any letter case — `X-Amz-Signatur%65`,
    /// `x-amz-security-token` and `X-AMZ-SIGNATURE` are all caught. The name is kept as written.
    /// A presigned URL carried percent-encoded inside another URL's query (a login redirect's
    /// `?return_to=https%3A%2F%2F…%3FX-Amz-Signature%3D…`, encoded once or more) is read too: an
    /// escaped `?` or `&` starts a name, an escaped `=` ends it, and its value ends at the next
    /// escaped `&`.
    public static func redactingQuerySecrets(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "=")) || bytes.contains(UInt8(ascii: "%")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var atKeyStart = true
        // Whether the current name started after an escaped `?` or `&`: inside a URL carried,
        // percent-encoded, in another URL's query (`?return_to=https%3A…%3FX-Amz-Signature%3D…`).
        var nested = false
        while index < bytes.count {
            if atKeyStart, let (nameEnd, valueStart) = nameEnd(bytes, from: index), nameEnd > index,
                isSecretName(bytes[index..<nameEnd])
            {
                out += bytes[index..<valueStart]
                out += Array("<redacted>".utf8)
                var valueEnd = valueStart
                while valueEnd < bytes.count && !isValueStop(bytes[valueEnd])
                    && !(nested && escaped(bytes, at: valueEnd, [UInt8(ascii: "&")]) != nil)
                {
                    valueEnd += 1
                }
                index = valueEnd
                atKeyStart = false
                continue
            }
            if let length = escaped(bytes, at: index, [UInt8(ascii: "?"), UInt8(ascii: "&")]) {
                out += bytes[index..<(index + length)]
                index += length
                atKeyStart = true
                nested = true
                continue
            }
            let byte = bytes[index]
            out.append(byte)
            index += 1
            atKeyStart = isKeyBoundary(byte)
            if atKeyStart { nested = false }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where a parameter name starting at `start` ends and its value starts: at `=`, or at an
    /// escaped `=` (`%3D`, `%253D`, …) in a nested URL; `nil` when a stop or an escaped `?`/`&`
    /// comes first, or the name runs past any spelling of a secret name.
    private static func nameEnd(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var end = start
        while end < bytes.count && end - start <= 256 {
            let byte = bytes[end]
            if byte == UInt8(ascii: "=") { return (end, end + 1) }
            if byte == UInt8(ascii: "%") {
                if let length = escaped(bytes, at: end, [UInt8(ascii: "=")]) { return (end, end + length) }
                if escaped(bytes, at: end, [UInt8(ascii: "?"), UInt8(ascii: "&")]) != nil { return nil }
            }
            if isKeyStop(byte) { return nil }
            end += 1
        }
        return nil
    }

    /// The length of `%XX` at `index` when it spells one of `targets`, percent-encoded once or
    /// more (`%26`, `%2526`, `%252526`; either hex case); `nil` otherwise.
    private static func escaped(_ bytes: [UInt8], at index: Int, _ targets: [UInt8]) -> Int? {
        guard bytes[index] == UInt8(ascii: "%") else { return nil }
        var digits = index + 1
        while digits + 1 < bytes.count, let high = Hex.value(of: bytes[digits]),
            let low = Hex.value(of: bytes[digits + 1])
        {
            let value = high << 4 | low
            if targets.contains(value) { return digits + 2 - index }
            guard value == UInt8(ascii: "%") else { return nil }
            digits += 2
        }
        return nil
    }

    /// A byte after which a query parameter name may start.
    private static func isKeyBoundary(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"),
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"),
            UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "`"):
            return true
        default: return false
        }
    }

    /// A byte that ends a parameter name.
    private static func isKeyStop(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || isValueStop(byte)
    }

    /// A byte that ends a parameter value.
    private static func isValueStop(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "`"), UInt8(ascii: ","):
            return true
        default: return false
        }
    }

    /// `true` when `name` — a query parameter's name as written or already decoded — is one of
    /// ``secretQueryParameters`` in any spelling ``redactingQuerySecrets(in:)`` catches, for
    /// output that shows a query as a map of names to values rather than as text.
    public static func isSecretQueryParameterName(_ name: some StringProtocol) -> Bool {
        isSecretName(ArraySlice(name.utf8))
    }

    /// `true` when `name`, percent-decoded until it no longer changes and lowercased, is a
    /// secret parameter's name. A malformed escape is kept as written.
    private static func isSecretName(_ name: ArraySlice<UInt8>) -> Bool {
        var current = Array(name)
        for _ in 0..<4 {
            var decoded: [UInt8] = []
            var index = 0
            while index < current.count {
                if current[index] == UInt8(ascii: "%"), index + 2 < current.count,
                    let high = Hex.value(of: current[index + 1]),
                    let low = Hex.value(of: current[index + 2])
                {
                    decoded.append(high << 4 | low)
                    index += 3
                } else {
                    decoded.append(current[index])
                    index += 1
                }
            }
            if decoded == current { break }
            current = decoded
        }
        guard current.count <= 32 else { return false }
        return secretQueryParameters.contains(String(decoding: current.map(ByteText.lower), as: UTF8.self))
    }
}
