import GatehouseCore
import GatehouseCrypto

/// S3's payload markers (reference/sigv4.md §1.5).
enum PayloadMarkers {
    static let all: Set<String> = [
        "UNSIGNED-PAYLOAD",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
        "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
        "STREAMING-AWS4-HMAC-SHA256-EVENTS",
    ]

    static func isMarker(_ value: String) -> Bool { all.contains(value) }
}
