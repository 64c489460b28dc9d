/// The two ids every response carries: `x-amzn-RequestId` (`$context.requestId`, a UUID) and
/// `x-amz-apigw-id` (`$context.extendedRequestId`, 16 characters ending in `=` as AWS prints it).
struct RequestIdentifiers: Sendable {
    let requestID: String
    let extendedRequestID: String

    static func make() -> RequestIdentifiers {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    static func make(using generator: inout some RandomNumberGenerator) -> RequestIdentifiers {
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: high >> UInt64(shift)))
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(shift)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var uuid: [UInt8] = []
        uuid.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { uuid.append(UInt8(ascii: "-")) }
            uuid.append(hex[Int(byte >> 4)])
            uuid.append(hex[Int(byte & 0x0F)])
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var extended: [UInt8] = []
        extended.reserveCapacity(16)
        var random = generator.next() as UInt64
        for _ in 0..<15 {
            extended.append(alphabet[Int(random & 63)])
            random >>= 6
            if random == 0 { random = generator.next() as UInt64 }
        }
        extended.append(UInt8(ascii: "="))
        return RequestIdentifiers(
            requestID: String(decoding: uuid, as: UTF8.self),
            extendedRequestID: String(decoding: extended, as: UTF8.self)
        )
    }
}
