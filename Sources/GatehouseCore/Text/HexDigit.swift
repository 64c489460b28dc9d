/// One ASCII hex digit's value: the one definition every percent-decoder (routing, request
/// targets, SigV4's canonical forms, URLs) and the IPv6 parser read, so `%2F` and `%2f` mean the
/// same byte everywhere a path is compared.
public enum HexDigit {
    /// The value of `byte` as a hex digit (`0`–`9`, `a`–`f`, `A`–`F`), `nil` if it is not one.
    @inlinable
    public static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}
