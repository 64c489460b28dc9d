internal import COpenSSL

/// ECDSA signature encodings: DER (what OpenSSL and libjwt 1.10 produce) and JWS's fixed-width
/// `r || s`.
enum ECDSASignature {
    static func rawFromDER(_ der: [UInt8], half: Int) -> [UInt8]? {
        var raw = [UInt8](repeating: 0, count: 2 * half)
        let written = unsafe der.withUnsafeBytes { input in
            unsafe raw.withUnsafeMutableBytes {
                unsafe c_gh_ecdsa_der_to_raw(input.baseAddress!, input.count, half, $0.baseAddress!)
            }
        }
        return written == 2 * half ? raw : nil
    }
}
