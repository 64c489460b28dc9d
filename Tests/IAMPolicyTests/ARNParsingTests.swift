import IAMPolicy
import TestSupport
import Testing

/// `ARN` and `ExecuteAPIARN` split ASCII text on bytes and other text by `Character`; on seeded
/// random ARN-like text both must read exactly what the `Character`-wise definition reads.
@Suite("ARN parsing")
struct ARNParsingTests {
    static func reference(_ text: String) -> [String]? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return parts[1...].map(String.init)
    }

    static func referenceInvoke(_ text: String) -> [String]? {
        guard let parts = reference(text), parts[1] == "execute-api" else { return nil }
        let resource = parts[4].split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard resource.count >= 3, !resource[0].isEmpty, !resource[1].isEmpty, !resource[2].isEmpty else { return nil }
        return [parts[2], String(resource[0]), String(resource[1])]
    }

    @Test(arguments: [21 as UInt64, 22])
    func bytesAgreeWithCharacters(seed: UInt64) {
        var random = SeededRandom(seed)
        let pieces = [
            "arn", ":", "aws", "execute-api", "us-east-1", "", "/", "123", "GET", "*", "é", "\u{301}", "x", "\r\n",
        ]
        for _ in 0..<3_000 {
            var text = ["arn:aws:execute-api:", "arn:", ""][random.below(3)]
            for _ in 0..<random.below(12) { text += pieces[random.below(pieces.count)] }
            let arn = ARN(text)
            #expect(arn.map { [$0.partition, $0.service, $0.region, $0.account, $0.resource] } == Self.reference(text))
            let invoke = ExecuteAPIARN(text)
            #expect(invoke.map { [$0.region, $0.apiId, $0.stage] } == Self.referenceInvoke(text), "\(text)")
            #expect(ExecuteAPIARN.region(of: text) == Self.referenceInvoke(text)?[0], "\(text)")
        }
    }
}
