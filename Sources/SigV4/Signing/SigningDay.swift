import GatehouseCore
import GatehouseCrypto

/// What a signer computes once per UTC day: the scope date, the credential scope and (SigV4)
/// the signing key.
///
/// A signer signs with one set of credentials for one region and service, so between midnights
/// these never change. Remembering the latest day costs one uncontended lock and a compare per
/// request; rebuilding them cost a scope string (written and validated), a scope-date string and
/// a hashed lookup in the shared ``SigningKeyCache`` — more than the rest of the signer's
/// bookkeeping together.
struct SigningDay: Sendable {
    /// Days since 1970-01-01 (UTC).
    let number: Int64
    /// `YYYYMMDD`.
    let scopeDate: String
    /// `YYYYMMDD/region/service/aws4_request` (SigV4a: without the region).
    let scope: String
    /// The SigV4 signing key; `nil` for SigV4a, which signs with its key pair.
    let key: HMACSHA256Key?
    /// ``scopeDate``'s eight bytes as a little-endian word, the first half of every
    /// ``amzDateBytes(at:)``.
    private let scopeDateWord: UInt64

    init(number: Int64, scopeDate: String, scope: String, key: HMACSHA256Key?) {
        self.number = number
        self.scopeDate = scopeDate
        self.scope = scope
        self.key = key
        var word: UInt64 = 0
        for (offset, byte) in scopeDate.utf8.prefix(8).enumerated() { word |= UInt64(byte) << (8 * offset) }
        scopeDateWord = word
    }

    /// `YYYYMMDDTHHMMSSZ` for `date`, a time on this day: the date part copied from
    /// ``scopeDate``, so only the time of day is computed per request.
    func amzDate(at date: AmzDate) -> String {
        unsafe withUnsafeBytes(of: amzDateBytes(at: date)) { unsafe String(decoding: $0, as: UTF8.self) }
    }

    /// ``amzDate(at:)``'s 16 bytes as a value (two words, in memory order): the signer keeps
    /// them on the stack (a 16-byte `String` is a heap allocation), and computing them writes
    /// through no pointer, so there is no buffer whose size could be wrong.
    func amzDateBytes(at date: AmzDate) -> (UInt64, UInt64) {
        let seconds = Int(date.secondsSince1970 - number * 86_400)
        func digits(_ value: Int) -> UInt64 {
            UInt64(UInt8(ascii: "0") + UInt8(value / 10)) | UInt64(UInt8(ascii: "0") + UInt8(value % 10)) << 8
        }
        let timeWord =
            UInt64(UInt8(ascii: "T")) | digits(seconds / 3600) << 8 | digits(seconds / 60 % 60) << 24
            | digits(seconds % 60) << 40 | UInt64(UInt8(ascii: "Z")) << 56
        return (scopeDateWord.littleEndian, timeWord.littleEndian)
    }

    /// The day `date` falls on.
    static func number(of date: AmzDate) -> Int64 {
        let seconds = date.secondsSince1970
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }
}
