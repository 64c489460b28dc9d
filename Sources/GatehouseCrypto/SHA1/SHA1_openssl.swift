internal import COpenSSL

/// Streaming SHA-1 (FIPS 180-4) over OpenSSL's EVP digest interface.
///
/// Only for integrity checksums a protocol names — S3's `x-amz-checksum-sha1` trailer — never for
/// authentication: SHA-1 has practical collisions. `package`, because that one checksum is its
/// only use and nothing outside Gatehouse should build on it.
///
/// A value type over one owned `EVP_MD_CTX`, copy-on-write: a copy shares the context until one
/// of them absorbs or finishes, which first duplicates it (`EVP_MD_CTX_copy_ex`), so copies never
/// see each other's bytes. Hashing in place, the usual case, copies nothing.
///
/// Fails closed without trapping: if OpenSSL cannot allocate or run the digest (out of memory, a
/// provider configuration without SHA-1), the hasher remembers it and ``finalize()`` returns `nil`
/// — never a digest of fewer bytes than were fed.
@safe
package struct SHA1: Sendable {
    /// The size of a digest in bytes.
    package static let byteCount = 20

    /// `nil` once any OpenSSL call failed.
    private var context: Context?

    /// Starts a new hash.
    package init() {
        context = Context()
    }

    /// Absorbs bytes.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0, let context = owned() else { return }
        if unsafe EVP_DigestUpdate(context.pointer, base, bytes.count) != 1 { self.context = nil }
    }

    /// Absorbs the bytes of an array.
    package mutating func update(_ bytes: [UInt8]) {
        unsafe bytes.withUnsafeBytes { unsafe update($0) }
    }

    /// Absorbs the bytes of an array slice (no copy): a body hashed piece by piece as it arrives.
    package mutating func update(_ bytes: ArraySlice<UInt8>) {
        unsafe bytes.withUnsafeBytes { unsafe update($0) }
    }

    /// The 20-byte digest of everything absorbed; `nil` when OpenSSL failed along the way. The
    /// value is spent: start a new ``init()`` to hash something else.
    package mutating func finalize() -> [UInt8]? {
        guard let context = owned() else { return nil }
        self.context = nil
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        var length: UInt32 = 0
        let finished = unsafe digest.withUnsafeMutableBufferPointer { out in
            unsafe EVP_DigestFinal_ex(context.pointer, out.baseAddress, &length)
        }
        guard finished == 1, length == UInt32(Self.byteCount) else { return nil }
        return digest
    }

    /// The digest of `bytes` in one call; `nil` when OpenSSL failed.
    package static func hash(_ bytes: [UInt8]) -> [UInt8]? {
        var hasher = SHA1()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The context, made this value's own first (duplicated when a copy still shares it); `nil`
    /// after a failure.
    private mutating func owned() -> Context? {
        guard let context else { return nil }
        if isKnownUniquelyReferenced(&self.context) { return context }
        self.context = context.copy()
        return self.context
    }

    /// The one owner of an `EVP_MD_CTX`: frees it in `deinit`, lends it to ``SHA1`` only.
    ///
    /// `@unchecked Sendable` with the invariant enforced by ``SHA1``, its only holder: a context is
    /// written (update, final) only through a uniquely referenced owner, and one shared between
    /// copies is only read, by `EVP_MD_CTX_copy_ex` duplicating it.
    @safe
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        /// A context started on SHA-1; `nil` when OpenSSL cannot make one.
        init?() {
            guard let pointer = unsafe EVP_MD_CTX_new() else { return nil }
            guard unsafe EVP_DigestInit_ex(pointer, EVP_sha1(), nil) == 1 else {
                unsafe EVP_MD_CTX_free(pointer)
                return nil
            }
            unsafe self.pointer = pointer
        }

        private init(adopting pointer: OpaquePointer) {
            unsafe self.pointer = pointer
        }

        /// A second context in this one's state; `nil` when OpenSSL cannot make one.
        func copy() -> Context? {
            guard let duplicate = unsafe EVP_MD_CTX_new() else { return nil }
            guard unsafe EVP_MD_CTX_copy_ex(duplicate, pointer) == 1 else {
                unsafe EVP_MD_CTX_free(duplicate)
                return nil
            }
            return unsafe Context(adopting: duplicate)
        }

        deinit {
            unsafe EVP_MD_CTX_free(pointer)
        }
    }
}
