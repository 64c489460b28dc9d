internal import COpenSSL

/// The non-deprecated EVP route to a pre-keyed HMAC-SHA256: absorb the pads once, then
/// `EVP_MD_CTX_copy_ex` from them per message.
///
/// Not used on any request path. It exists so `gatehouse bench` can measure it beside
/// ``HMACSHA256Key`` (`crypto.hmac.142B.evp` vs `crypto.hmac.142B`), which is the evidence for the
/// one deprecated-API exception documented in COpenSSL's shim; `package`, because it is a
/// benchmark's reference, not an API to build on.
///
/// Not `Sendable`: every MAC writes the one working context, so an instance belongs to one thread
/// (the type says so; it used to claim `@unchecked Sendable` by convention).
@safe
package final class EVPHMACReference {
    private let inner: OpaquePointer
    private let outer: OpaquePointer
    private let work: OpaquePointer

    package init?(key: [UInt8]) {
        guard key.count <= 64,
            let inner = unsafe c_gh_evp_sha256_ctx(),
            let outer = unsafe c_gh_evp_sha256_ctx(),
            let work = unsafe c_gh_evp_sha256_ctx()
        else { return nil }
        unsafe self.inner = inner
        unsafe self.outer = outer
        unsafe self.work = work
        var ipad = [UInt8](repeating: 0x36, count: 64)
        var opad = [UInt8](repeating: 0x5c, count: 64)
        for (index, byte) in key.enumerated() {
            ipad[index] ^= byte
            opad[index] ^= byte
        }
        unsafe ipad.withUnsafeBytes { _ = unsafe c_gh_evp_update(inner, $0.baseAddress!, 64) }
        unsafe opad.withUnsafeBytes { _ = unsafe c_gh_evp_update(outer, $0.baseAddress!, 64) }
    }

    deinit {
        unsafe EVP_MD_CTX_free(inner)
        unsafe EVP_MD_CTX_free(outer)
        unsafe EVP_MD_CTX_free(work)
    }

    /// The MAC of `message`.
    package func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var innerDigest = SHA256Digest(storage: (0, 0, 0, 0))
        var out = SHA256Digest(storage: (0, 0, 0, 0))
        unsafe withUnsafeMutableBytes(of: &innerDigest.storage) { digest in
            _ = unsafe EVP_MD_CTX_copy_ex(work, inner)
            if message.count > 0 { _ = unsafe c_gh_evp_update(work, message.baseAddress!, message.count) }
            _ = unsafe c_gh_evp_final(work, digest.baseAddress!)
            unsafe withUnsafeMutableBytes(of: &out.storage) { outDigest in
                _ = unsafe EVP_MD_CTX_copy_ex(work, outer)
                _ = unsafe c_gh_evp_update(work, digest.baseAddress!, 32)
                _ = unsafe c_gh_evp_final(work, outDigest.baseAddress!)
            }
        }
        return out
    }
}
