internal import GatehouseCore

extension Deployment {
    /// A deployment of `api` as it is now, with an id derived from its content: the same
    /// configuration always deploys under the same id (so a stage file may name it), and any
    /// change to routes, authorization, integrations or API settings gives a new one.
    ///
    /// The id is 6 lowercase letters and digits, like API Gateway's (`v99qix`): FNV-1a (64-bit)
    /// over the API's OpenAPI export, in base 36. It names a snapshot, it does not protect one.
    public static func snapshot(of api: APIDefinition, description: String? = nil) -> Deployment {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSONWriter.text(OpenAPIExport.document(api)).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var id: [UInt8] = []
        for _ in 0..<6 {
            id.append(alphabet[Int(hash % 36)])
            hash /= 36
        }
        return Deployment(id: String(decoding: id, as: UTF8.self), description: description, api: api)
    }
}
