import GatehouseCore
import GatehouseCrypto

/// The latest ``SigningDay`` of one signer (shared by its copies, safe across threads).
final class SigningDayCache: Sendable {
    private let latest = LockedBox<SigningDay?>(nil)

    /// The day numbered `number`: the remembered one, or `make()`'s, which is then remembered.
    func day(_ number: Int64, make: () -> SigningDay) -> SigningDay {
        if let day = latest.withLock({ $0 }), day.number == number { return day }
        let day = make()
        latest.withLock { $0 = day }
        return day
    }
}
