/// An Amazon Resource Name: `arn:partition:service:region:account:resource` (the resource may
/// itself contain `:` and `/`).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resource: String

    public init(partition: String = "aws", service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses an ARN; `nil` unless it has the `arn:` prefix and six segments with a non-empty
    /// partition and service.
    public init?(_ text: String) {
        let parts = Self.split(text, UInt8(ascii: ":"), maxSplits: 5)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// `text.split(separator:maxSplits:omittingEmptySubsequences: false)` at an ASCII separator,
    /// read on UTF-8 bytes while the text is ASCII (every character one byte, as in every ARN
    /// AWS makes): the `Character`-wise split cost more than the rest of a conditional
    /// authorizer's cache hit. Other text takes the general split, whose grapheme rules can
    /// differ (a combining mark after the separator joins it).
    static func split(_ text: String, _ separator: UInt8, maxSplits: Int) -> [String] {
        var utf8 = text
        let ascii = utf8.withUTF8 { bytes -> [String]? in
            guard unsafe isASCII(bytes) else { return nil }
            return unsafe fields(bytes, in: 0..<bytes.count, separator, maxSplits: maxSplits).map {
                unsafe String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self)
            }
        }
        return ascii
            ?? text.split(
                separator: Character(Unicode.Scalar(separator)),
                maxSplits: maxSplits,
                omittingEmptySubsequences: false
            ).map(String.init)
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { unsafe !bytes.contains { $0 >= 0x80 } }

    /// The ranges of `bytes[range]` between `separator`s (at most `maxSplits` splits, empty
    /// fields kept).
    static func fields(
        _ bytes: UnsafeBufferPointer<UInt8>,
        in range: Range<Int>,
        _ separator: UInt8,
        maxSplits: Int
    ) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(maxSplits + 1)
        var start = range.lowerBound
        for index in range where unsafe bytes[index] == separator && fields.count < maxSplits {
            fields.append(start..<index)
            start = index + 1
        }
        fields.append(start..<range.upperBound)
        return fields
    }
}
