import GatehouseCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [(0, 1), (-1, 0), (1_700_000_000_000_000_000, 1_700_000_000_000_000_001)])
    func ordersByNanoseconds(earlier: Int64, later: Int64) {
        #expect(Timestamp(nanosecondsSince1970: earlier) < Timestamp(nanosecondsSince1970: later))
        #expect(!(Timestamp(nanosecondsSince1970: later) < Timestamp(nanosecondsSince1970: earlier)))
    }
}
