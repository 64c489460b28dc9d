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
