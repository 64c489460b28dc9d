internal import CJWT

/// What libjwt itself would accept, for the regression test that documents why its verifier is
/// never used. Not for production paths: `package`, so only this package's tests reach it.
package enum LibJWTProbe {
    /// Whether libjwt 1.10's `jwt_decode` accepts `token` with `key` (it lets the header pick the
    /// algorithm).
    package static func libjwtAccepts(_ token: String, key: [UInt8]) -> Bool {
        var handle: OpaquePointer? = nil
        let status = unsafe key.withUnsafeBufferPointer { bytes in
            unsafe jwt_decode(&handle, token, bytes.isEmpty ? nil : bytes.baseAddress, Int32(bytes.count))
        }
        if let jwt = unsafe handle { unsafe jwt_free(jwt) }
        return status == 0
    }
}
