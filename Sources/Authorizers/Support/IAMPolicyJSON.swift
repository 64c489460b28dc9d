import IAMPolicy

/// JSON parsing for the authorizer contracts, through the strict policy parser (duplicate keys,
/// invalid UTF-8 and deep nesting are errors), without positions.
enum IAMPolicyJSON {
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var limits = PolicyJSONParser.Limits()
        limits.locations = false
        return try PolicyJSONParser.parse(bytes, limits: limits).value
    }
}
