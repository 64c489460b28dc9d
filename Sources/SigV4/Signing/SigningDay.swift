import GatehouseCrypto
import Synchronization

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

    /// `YYYYMMDDTHHMMSSZ` for `date`, a time on this day: the date part copied from
    /// ``scopeDate``, so only the time of day is computed per request.
    func amzDate(at date: AmzDate) -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            writeAmzDate(at: date, to: out.baseAddress!)
            return 16
        }
    }

    /// ``amzDate(at:)``'s 16 bytes, written to `out` (the signer keeps them on the stack: a
    /// 16-byte `String` is a heap allocation).
    func writeAmzDate(at date: AmzDate, to out: UnsafeMutablePointer<UInt8>) {
        let seconds = Int(date.secondsSince1970 - number * 86_400)
        scopeDate.withUTF8Bytes { prefix in
            for index in 0..<8 { out[index] = prefix[index] }
        }
        out[8] = UInt8(ascii: "T")
        func put(_ value: Int, at offset: Int) {
            out[offset] = UInt8(ascii: "0") + UInt8(value / 10)
            out[offset + 1] = UInt8(ascii: "0") + UInt8(value % 10)
        }
        put(seconds / 3600, at: 9)
        put(seconds / 60 % 60, at: 11)
        put(seconds % 60, at: 13)
        out[15] = UInt8(ascii: "Z")
    }

    /// The day `date` falls on.
    static func number(of date: AmzDate) -> Int64 {
        let seconds = date.secondsSince1970
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }
}

/// The latest ``SigningDay`` of one signer (shared by its copies, safe across threads).
final class SigningDayCache: Sendable {
    private let latest = Mutex<SigningDay?>(nil)

    /// The day numbered `number`: the remembered one, or `make()`'s, which is then remembered.
    func day(_ number: Int64, make: () -> SigningDay) -> SigningDay {
        if let day = latest.withLock({ $0 }), day.number == number { return day }
        let day = make()
        latest.withLock { $0 = day }
        return day
    }
}
