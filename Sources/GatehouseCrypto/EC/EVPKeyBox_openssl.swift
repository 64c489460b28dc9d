internal import COpenSSL

/// Owns one OpenSSL `EVP_PKEY`; frees it exactly once, lends it only inside closures.
@safe
internal final class EVPKeyBox: @unchecked Sendable {
    // An EVP_PKEY is reference counted and thread-safe for concurrent sign/verify operations.
    private let pointer: OpaquePointer

    init?(_ pointer: OpaquePointer?) {
        guard let pointer = unsafe pointer else { return nil }
        unsafe self.pointer = pointer
    }

    deinit { unsafe EVP_PKEY_free(pointer) }

    func withKey<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try unsafe body(pointer)
    }
}
