import GatehouseCore
import Testing

@testable import SigV4

/// The signer's `X-Amz-Date` bytes are computed as a value (no buffer to write through): they
/// must spell exactly what ``Timestamp/amzFormat`` spells, for every second of a day.
@Suite("Signing day")
struct SigningDayTests {
    /// Day numbers: 1970-01-01, 2015-08-30 (the conformance suite's), 2038-01-19, 9999-12-31.
    @Test(
        "amzDateBytes spells every second of a day as amzFormat does",
        arguments: [0 as Int64, 16_677, 24_855, 2_932_896]
    )
    func everySecondOfADay(day: Int64) {
        let midnight = AmzDate(secondsSince1970: day * 86_400)
        let signingDay = SigningDay(number: day, scopeDate: midnight.scopeDate, scope: "", key: nil)
        var mismatches: [String] = []
        for second in 0..<Int64(86_400) {
            let date = AmzDate(secondsSince1970: day * 86_400 + second)
            let text = signingDay.amzDate(at: date)
            if text != date.amzFormat { mismatches.append("\(text) != \(date.amzFormat)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        #expect(SigningDay.number(of: midnight) == day)
    }
}
