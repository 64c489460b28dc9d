public import GatehouseCore

/// SigV4's name for the one instant type: a GatehouseCore ``Timestamp``, so the gateway hands the
/// verifier and the signer the same `now` it hands the authorizers, with no conversion at the seam.
///
/// This module adds the forms SigV4 spells a time in: `20150830T123600Z` (`X-Amz-Date`,
/// ``Timestamp/amzFormat``), `20150830` (the scope date, ``Timestamp/scopeDate``) and HTTP-dates
/// (``Timestamp/init(httpDate:)``, what botocore sends in `Date`). SigV4 times are whole seconds:
/// the forms drop a fraction, and the verifier judges the second `now` falls in.
public typealias AmzDate = Timestamp

extension Timestamp {
    // MARK: Formatting

    /// `YYYYMMDDTHHMMSSZ` (the second; a fraction is dropped).
    public var amzFormat: String {
        unsafe String(unsafeUninitializedCapacity: 16) { out in
            unsafe writeAmzBytes(to: out.baseAddress!)
            return 16
        }
    }

    /// `YYYYMMDD`, the credential scope's date.
    public var scopeDate: String {
        unsafe withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            unsafe writeAmzBytes(to: buffer.baseAddress!)
            return unsafe String(decoding: UnsafeBufferPointer(rebasing: buffer[..<8]), as: UTF8.self)
        }
    }

    /// The 16 bytes of `YYYYMMDDTHHMMSSZ`.
    public var amzBytes: [UInt8] {
        unsafe [UInt8](unsafeUninitializedCapacity: 16) { out, count in
            unsafe writeAmzBytes(to: out.baseAddress!)
            count = 16
        }
    }

    /// Writes `YYYYMMDDTHHMMSSZ` (16 bytes) at `out`: every signature writes the date twice (the
    /// header and the string to sign), straight into the string that holds it. Years outside
    /// 0000…9999 have no such form; their digits wrap (no SigV4 date is ever one).
    func writeAmzBytes(to out: UnsafeMutablePointer<UInt8>) {
        let civil = CivilTime(self)
        @inline(__always)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var v = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                unsafe out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
        }
        put(abs(civil.year) % 10_000, 4, at: 0)
        put(civil.month, 2, at: 4)
        put(civil.day, 2, at: 6)
        unsafe out[8] = UInt8(ascii: "T")
        put(civil.hour, 2, at: 9)
        put(civil.minute, 2, at: 11)
        put(civil.second, 2, at: 13)
        unsafe out[15] = UInt8(ascii: "Z")
    }

    // MARK: Parsing

    /// Parses `YYYYMMDDTHHMMSSZ`.
    public init?(amzFormat text: some StringProtocol) {
        guard text.utf8.count == 16 else { return nil }
        // Read in place: this runs on every verified request, and an `Array` copy of 16 bytes
        // cost more than the parse.
        let parsed =
            unsafe text.utf8.withContiguousStorageIfAvailable(Self.parseBasic)
            ?? Array(text.utf8).withUnsafeBufferPointer(Self.parseBasic)
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses `YYYYMMDDTHHMMSSZ` from bytes (the verifier reads the field in place).
    init?(amzBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = unsafe Self.parseBasic(bytes) else { return nil }
        self = parsed
    }

    /// `YYYYMMDDTHHMMSSZ` from exactly 16 bytes.
    private static func parseBasic(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count == 16, unsafe b[8] == UInt8(ascii: "T"), unsafe b[15] == UInt8(ascii: "Z") else { return nil }
        // Every digit checked, the verdict taken once at the end: no early exits in the loop.
        var digits = 0 as UInt8
        @inline(__always)
        func digit(_ index: Int) -> Int {
            let value = unsafe b[index] &- UInt8(ascii: "0")
            digits |= value > 9 ? 0x80 : 0
            return Int(value)
        }
        let y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let m = digit(4) * 10 + digit(5)
        let d = digit(6) * 10 + digit(7)
        let hh = digit(9) * 10 + digit(10)
        let mm = digit(11) * 10 + digit(12)
        let ss = digit(13) * 10 + digit(14)
        guard digits == 0 else { return nil }
        return CivilTime(year: y, month: m, day: d, hour: hh, minute: mm, second: ss)?.timestamp
    }

    /// Parses an HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7) and the
    /// RFC 2822 form with a numeric zone that Python's `email.utils.formatdate` (botocore) writes
    /// (`Sun, 06 Nov 1994 08:49:37 -0000`, `+0100`).
    public init?(httpDate text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count >= 29, b[3] == UInt8(ascii: ","), b[4] == UInt8(ascii: " "), b[7] == UInt8(ascii: " "),
            b[11] == UInt8(ascii: " "), b[16] == UInt8(ascii: " "), b[19] == UInt8(ascii: ":"),
            b[22] == UInt8(ascii: ":"), b[25] == UInt8(ascii: " "),
            let d = Self.digits(b, 5, 2), let y = Self.digits(b, 12, 4),
            let hh = Self.digits(b, 17, 2), let mm = Self.digits(b, 20, 2), let ss = Self.digits(b, 23, 2)
        else { return nil }
        let zone = String(decoding: b[26...], as: UTF8.self)
        var offset = 0
        switch zone {
        case "GMT", "UTC", "+0000", "-0000": offset = 0
        default:
            let z = Array(zone.utf8)
            guard z.count == 5, z[0] == UInt8(ascii: "+") || z[0] == UInt8(ascii: "-"),
                let oh = Self.digits(z, 1, 2), let om = Self.digits(z, 3, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (z[0] == UInt8(ascii: "+") ? 1 : -1)
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let name = String(decoding: b[8..<11], as: UTF8.self)
        guard let monthIndex = months.firstIndex(of: name),
            let date = CivilTime(year: y, month: monthIndex + 1, day: d, hour: hh, minute: mm, second: ss)?.timestamp
        else { return nil }
        self.init(secondsSince1970: date.secondsSince1970 - Int64(offset))
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for byte in b[start..<(start + count)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
