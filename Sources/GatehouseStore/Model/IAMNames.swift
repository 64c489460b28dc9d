/// The shapes IAM and STS give names, paths, tags and ids, checked before anything reaches a
/// store — so every implementation (SQLite now, PostgreSQL later) refuses the same input with the
/// same words. Each check throws a ``StoreError`` whose ``StoreError/part`` names the input.
public enum IAMNames {
    /// IAM's name alphabet: letters, digits and `+=,.@_-` (user, role and policy names; role
    /// session names).
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "@"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A user, role or policy name: 1…`maximum` characters of `[A-Za-z0-9+=,.@_-]`.
    public static func checkName(_ name: String, part: String, maximum: Int = 64) throws(StoreError) {
        guard !name.isEmpty, name.utf8.count <= maximum, name.utf8.allSatisfy(isNameCharacter) else {
            throw StoreError(
                .invalidInput,
                part: part,
                "`\(printable(name))` is not a valid name: 1 to \(maximum) characters of letters, digits and +=,.@_-"
            )
        }
    }

    /// A role session name: 2…64 characters of the name alphabet (STS AssumeRole).
    public static func checkSessionName(_ name: String) throws(StoreError) {
        guard name.utf8.count >= 2, name.utf8.count <= 64, name.utf8.allSatisfy(isNameCharacter) else {
            throw StoreError(
                .invalidInput,
                part: "session name",
                "`\(printable(name))` is not a valid session name: 2 to 64 characters of letters, digits and +=,.@_-"
            )
        }
    }

    /// An IAM path: `/`, or `/` + segments each ending in `/`, printable ASCII without spaces,
    /// at most 512 characters.
    public static func checkPath(_ path: String) throws(StoreError) {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/"), bytes.last == UInt8(ascii: "/"), bytes.count <= 512,
            bytes.allSatisfy({ (0x21...0x7E).contains($0) }), !path.contains("//")
        else {
            throw StoreError(
                .invalidInput,
                part: "path",
                "`\(printable(path))` is not a valid path: it starts and ends with `/` (such as `/` or `/team/`), printable ASCII without spaces or `//`, at most 512 characters"
            )
        }
    }

    /// An account id: 12 ASCII digits.
    public static func checkAccount(_ account: String) throws(StoreError) {
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw StoreError(
                .invalidInput,
                part: "account id",
                "`\(printable(account))` is not an account id: 12 digits"
            )
        }
    }

    /// Tags as IAM limits them: at most 50; keys 1…128 characters, values 0…256, of letters,
    /// digits, spaces and `_.:/=+-@`; keys unique ignoring case and never starting with `aws:`.
    public static func checkTags(_ tags: [StoredTag], existing: Int = 0) throws(StoreError) {
        guard tags.count + existing <= 50 else {
            throw StoreError(
                .limitExceeded,
                part: "tags",
                "a principal has at most 50 tags (this would make \(tags.count + existing))"
            )
        }
        var seen: Set<String> = []
        for (index, tag) in tags.enumerated() {
            guard !tag.key.isEmpty, tag.key.count <= 128, tag.key.unicodeScalars.allSatisfy(isTagCharacter) else {
                throw StoreError(
                    .invalidInput,
                    part: "tags[\(index)].key",
                    "`\(printable(tag.key))` is not a valid tag key: 1 to 128 letters, digits, spaces and _.:/=+-@"
                )
            }
            guard !tag.key.lowercased().hasPrefix("aws:") else {
                throw StoreError(
                    .invalidInput,
                    part: "tags[\(index)].key",
                    "`\(printable(tag.key))`: the `aws:` prefix is reserved"
                )
            }
            guard tag.value.count <= 256, tag.value.unicodeScalars.allSatisfy(isTagCharacter) else {
                throw StoreError(
                    .invalidInput,
                    part: "tags[\(index)].value",
                    "`\(printable(tag.value))` is not a valid tag value: up to 256 letters, digits, spaces and _.:/=+-@"
                )
            }
            guard seen.insert(tag.key.lowercased()).inserted else {
                throw StoreError(.invalidInput, part: "tags[\(index)].key", "`\(printable(tag.key))` is given twice")
            }
        }
    }

    static func isTagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
        return " _.:/=+-@".unicodeScalars.contains(scalar)
    }

    /// An access key id as AWS issues them: `AKIA` (long-term) or `ASIA` (temporary) and 16
    /// characters of `A-Z2-7`.
    public static func checkAccessKeyId(_ id: String) throws(StoreError) {
        let bytes = Array(id.utf8)
        let prefixOK = id.hasPrefix("AKIA") || id.hasPrefix("ASIA")
        guard bytes.count == 20, prefixOK,
            bytes[4...].allSatisfy({ (0x41...0x5A).contains($0) || (0x32...0x37).contains($0) })
        else {
            throw StoreError(
                .invalidInput,
                part: "access key id",
                "`\(printable(id))` is not an access key id: AKIA or ASIA and 16 characters of A-Z and 2-7"
            )
        }
    }

    /// `text` with control and non-ASCII characters escaped and cut to 80 characters, for quoting
    /// user input in a message.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            if (0x20..<0x7F).contains(scalar.value) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return text.unicodeScalars.count > 80 ? out + "…" : out
    }
}
