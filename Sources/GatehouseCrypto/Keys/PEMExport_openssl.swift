internal import COpenSSL

/// PEM output through an OpenSSL memory BIO.
enum PEMExport {
    static func pem(_ key: OpaquePointer, privateKey: Bool) -> String {
        var buffer: UnsafeMutablePointer<CChar>? = nil
        let length = unsafe c_gh_pkey_to_pem(key, privateKey ? 1 : 0, &buffer)
        guard length > 0, let buffer = unsafe buffer else { return "" }
        defer { unsafe c_gh_openssl_free(buffer) }
        return unsafe String(
            decoding: UnsafeRawBufferPointer(start: buffer, count: length).bindMemory(to: UInt8.self),
            as: UTF8.self
        )
    }
}
