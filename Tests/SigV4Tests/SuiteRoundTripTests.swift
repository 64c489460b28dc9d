import Foundation
import GatehouseCore
import SigV4
import Testing

@Suite("Conformance suite through the verifier")
struct SuiteRoundTripTests {
    /// What our signer produces for each suite case, our verifier accepts (both modes, v4 and v4a).
    @Test(arguments: try ConformanceCase.all("v4") + ConformanceCase.all("v4a"))
    func signedThenVerified(_ suiteCase: ConformanceCase) throws {
        let context = try suiteCase.context()
        let signed = try SigV4Signer(credentials: suiteCase.credentials(), configuration: suiteCase.configuration())
            .sign(suiteCase.request(), at: suiteCase.date())
        let result = try verify(
            signed.request,
            suiteCase,
            allowUnsignedToken: context.omit_session_token == true,
            normalize: context.normalize
        )
        #expect(result.isValid, "\(result.failure.map(\.description) ?? "")")
    }

    /// The suite's own header-signed requests verify (the stored signature, not ours).
    @Test(arguments: try ConformanceCase.all("v4").filter { $0.mode == .header })
    func suiteSignedRequestsVerify(_ suiteCase: ConformanceCase) throws {
        let context = try suiteCase.context()
        var request = try RawHTTPRequest.parse(suiteCase.text("header-signed-request.txt"))
        // The printed signed requests carry the body only in request.txt.
        request.payload = try suiteCase.request().payload
        let result = try verify(
            request,
            suiteCase,
            allowUnsignedToken: context.omit_session_token == true,
            normalize: context.normalize
        )
        #expect(result.isValid, "\(result.failure.map(\.description) ?? "")")
    }

    private func verify(
        _ request: SigV4Request,
        _ suiteCase: ConformanceCase,
        allowUnsignedToken: Bool,
        normalize: Bool
    ) throws -> SigV4Verification {
        let credentials = try suiteCase.credentials()
        let stored = SigV4StoredCredential(
            credentials: credentials,
            principal: try .user("suite", account: "000000000000")
        )
        // Unnormalized suite cases sign the path as written: the verifier must use the same rule.
        let verifier = SigV4Verifier(
            configuration: .init(
                region: "us-east-1",
                service: "service",
                normalizePath: normalize,
                allowUnsignedSessionToken: allowUnsignedToken
            )
        )
        let now = try suiteCase.date()
        return verifier.verify(request, now: now, lookup: { $0 == credentials.accessKeyId ? stored : nil })
    }
}
