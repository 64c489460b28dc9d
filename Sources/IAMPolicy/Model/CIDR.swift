/// An IPv4 or IPv6 CIDR range; a bare address is `/32` or `/128`.
public struct CIDR: Sendable, Hashable {
    /// 4 or 16 bytes, host bits cleared.
    public let network: [UInt8]
    public let prefixLength: Int
    /// The network and mask as one 128-bit pair, for allocation-free `contains`.
    private let address: IPAddress
    private let mask: (high: UInt64, low: UInt64)

    public var isIPv6: Bool { address.isIPv6 }

    public init?(_ text: String) {
        var text = text
        guard let (address, prefix) = text.withUTF8({ unsafe Self.parse($0) }) else { return nil }
        self.init(address: address, prefixLength: prefix)
    }

    private init(address: IPAddress, prefixLength prefix: Int) {
        let bits = address.isIPv6 ? 128 : 32
        // The mask over the address's own width (IPv4 lives in the low 32 bits).
        let hostBits = bits - prefix
        var high: UInt64 = .max
        var low: UInt64 = .max
        if hostBits >= 64 {
            low = 0
            high = hostBits >= 128 ? 0 : .max << UInt64(hostBits - 64)
        } else if hostBits > 0 {
            low = .max << UInt64(hostBits)
        }
        if !address.isIPv6 {
            high = 0
            low &= 0xFFFF_FFFF
        }
        mask = (high, low)
        self.address = IPAddress(high: address.high & high, low: address.low & low, isIPv6: address.isIPv6)
        prefixLength = prefix
        network = self.address.bytes
    }

    /// `address[/prefix]` from UTF-8.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (IPAddress, Int)? {
        let slash = unsafe bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        guard let address = unsafe IPAddressParser.parse(UnsafeBufferPointer(rebasing: bytes[..<slash])) else {
            return nil
        }
        let maximum = address.isIPv6 ? 128 : 32
        guard slash < bytes.count else { return (address, maximum) }
        let digits = unsafe bytes[(slash + 1)...]
        guard unsafe !digits.isEmpty, unsafe digits.count <= 3 else { return nil }
        var value = 0
        for index in unsafe digits.indices {
            let byte = unsafe digits[index]
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard value <= maximum else { return nil }
        return (address, value)
    }

    /// `true` when `address` (4 or 16 bytes) lies in the range; different families never match.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        return contains(IPAddress(bytes: address))
    }

    /// Whether a request value — an address without a prefix — lies in the range; `nil` when it is
    /// not an address. Works on the UTF-8 bytes, without allocating.
    func containsAddress(_ text: String) -> Bool? {
        var text = text
        guard let candidate = text.withUTF8({ unsafe IPAddressParser.parse($0) }) else {
            // A full-length prefix (`/32`, `/128`) still names one address.
            guard let single = CIDR(text), single.prefixLength == (single.isIPv6 ? 128 : 32) else { return nil }
            return contains(single.address)
        }
        return contains(candidate)
    }

    private func contains(_ candidate: IPAddress) -> Bool {
        candidate.isIPv6 == address.isIPv6 && candidate.high & mask.high == address.high
            && candidate.low & mask.low == address.low
    }

    public static func == (lhs: CIDR, rhs: CIDR) -> Bool {
        lhs.address == rhs.address && lhs.prefixLength == rhs.prefixLength
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(prefixLength)
    }
}
