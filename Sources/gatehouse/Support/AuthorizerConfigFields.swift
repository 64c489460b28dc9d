import Authorizers
import Foundation
import IAMPolicy

/// The typed fields of one authorizer in an ``AuthorizerConfigFile``, read with
/// ``JSONObjectReader``: every field has exactly one JSON type and its documented range, and a
/// field that is misspelt, of another type, or out of range is an error naming it — never the
/// default (`"resultTtlInSeconds": "0"` once meant a 300 s cache, `"timeoutSeconds": "30"` 10 s).
///
/// The function object's fields are checked here too, by kind, before the file's builders read them.
struct AuthorizerConfigFields {
    var kind: LambdaAuthorizerConfiguration.Kind
    var identitySources: [String]
    var validationExpression: String?
    var resultTTLSeconds: Int
    var timeoutSeconds: Int
    /// The `function` object, its fields checked.
    var function: [(key: String, value: JSONNode)]

    /// The file's root: `{"authorizers": {NAME: {…}, …}}` and nothing else.
    static func authorizers(_ root: JSONValue) throws(JSONObjectReader.Failure) -> [(key: String, value: JSONNode)] {
        var file = try JSONObjectReader(root)
        let authorizers = try file.object("authorizers")
        try file.finish()
        return authorizers.members
    }

    /// Reads authorizer `name`'s object (`value`).
    init(_ value: JSONValue, name: String) throws(JSONObjectReader.Failure) {
        var fields = try JSONObjectReader(value, path: "authorizers.\(name)")
        let type = try fields.optionalString("type") ?? "TOKEN"
        switch type.uppercased() {
        case "TOKEN": kind = .token
        case "REQUEST": kind = .request
        case "HTTP", "HTTP_API":
            // Only HTTP authorizers have these two; for the others they are unknown fields.
            let version = try fields.optionalChoice("payloadFormatVersion", ["1.0", "2.0"]) ?? "2.0"
            let simple = try fields.optionalBool("enableSimpleResponses") ?? false
            kind = .httpAPI(payloadVersion: version, simpleResponses: simple)
        default:
            throw fields.failure("type", "must be TOKEN, REQUEST or HTTP, not `\(type)`")
        }
        let rawSources = fields.optionalValue("identitySource")
        if let sources = try fields.optionalStringOrStrings("identitySource", nonEmpty: true) {
            // One string is API Gateway's comma-separated list; a JSON list is taken as it is.
            if case .string(let text)? = rawSources {
                identitySources = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                identitySources = sources
            }
        } else {
            identitySources = ["method.request.header.Authorization"]
        }
        validationExpression = try fields.optionalString("identityValidationExpression")
        resultTTLSeconds =
            try fields.optionalInteger(
                "resultTtlInSeconds",
                in: LambdaAuthorizerConfiguration.resultTTLSecondsRange
            ) ?? LambdaAuthorizerConfiguration.defaultResultTTLSeconds
        timeoutSeconds =
            try fields.optionalInteger(
                "timeoutSeconds",
                in: LambdaAuthorizerConfiguration.timeoutSecondsRange(for: kind)
            ) ?? LambdaAuthorizerConfiguration.defaultTimeoutSeconds
        var function = try fields.object("function")
        try Self.check(&function)
        self.function = function.members
        try fields.finish()
    }

    /// `function`: exactly one of `command`, `lambda`, `jwtBearer`, `introspection` (plus
    /// `environment` beside `command`), each with its fields of their one type.
    private static func check(_ function: inout JSONObjectReader) throws(JSONObjectReader.Failure) {
        let kinds = ["command", "lambda", "jwtBearer", "introspection"]
        let present = kinds.filter { function.has($0) }
        guard present.count == 1, let kind = present.first else {
            throw JSONObjectReader.Failure(
                path: function.path,
                message: "`\(function.path)` must have exactly one of `command`, `lambda`, `jwtBearer`, `introspection`"
                    + (present.isEmpty ? "" : " (has \(present.map { "`\($0)`" }.joined(separator: ", ")))")
            )
        }
        switch kind {
        case "command":
            _ = try function.optionalStrings("command", nonEmpty: true)
            if var environment = try function.optionalObject("environment") {
                for (key, _) in environment.members { _ = try environment.optionalString(key) }
            }
        case "lambda":
            var fields = try function.object("lambda")
            _ = try fields.string("endpoint")
            _ = try fields.string("name")
            try fields.finish()
        case "jwtBearer":
            var fields = try function.object("jwtBearer")
            _ = try fields.string("issuer")
            _ = try fields.optionalString("jwks")
            _ = try fields.optionalBool("discovery")
            _ = try fields.optionalStrings("audiences", nonEmpty: true)
            if var routes = try fields.optionalObject("routeScopes") {
                for (route, _) in routes.members { _ = try routes.optionalStrings(route, nonEmpty: true) }
            }
            if var claims = try fields.optionalObject("claimsToContext") {
                for (claim, _) in claims.members { _ = try claims.optionalString(claim) }
            }
            try fields.finish()
        default:
            var fields = try function.object("introspection")
            _ = try fields.string("endpoint")
            _ = try fields.string("clientId")
            _ = try fields.optionalString("clientSecretEnv")
            _ = try fields.optionalStrings("audiences", nonEmpty: true)
            _ = try fields.optionalStrings("requiredScopes", nonEmpty: true)
            _ = try fields.optionalString("tokenType")
            try fields.finish()
        }
        try function.finish()
    }
}
