import GatehouseCore

/// The typed fields of one authorizer in an ``AuthorizerConfigFile``, read with
/// ``JSONObjectReader``: every field has exactly one JSON type and its documented range, and a
/// field that is misspelt, of another type, or out of range is an error naming it — never the
/// default (`"resultTtlInSeconds": "0"` once meant a 300 s cache, `"timeoutSeconds": "30"` 10 s).
///
/// The function object is read here too, by kind, into typed values the file's builders use.
struct AuthorizerConfigFields {
    var kind: LambdaAuthorizerConfiguration.Kind
    var identitySources: [String]
    var validationExpression: String?
    var resultTTLSeconds: Int
    var timeoutSeconds: Int
    /// The `function` object, read.
    var function: Function

    /// How to run the authorizer: each kind's fields, read with their one type.
    enum Function {
        /// `{"command": [program, arguments…], "environment": {NAME: value}?}`.
        case command(arguments: [String], environment: [(key: String, value: String)]?)
        /// `{"lambda": {"endpoint", "name"}}`.
        case lambda(endpoint: String, name: String)
        case jwtBearer(JWTBearer)
        case introspection(Introspection)
    }

    /// `{"jwtBearer": {…}}`.
    struct JWTBearer {
        var issuer: String
        var jwks: String?
        var discovery: Bool
        var audiences: [String]?
        var routeScopes: [(route: String, scopes: [String])]
        var claimsToContext: [(claim: String, contextKey: String)]
    }

    /// `{"introspection": {…}}`.
    struct Introspection {
        var endpoint: String
        var clientId: String
        var clientSecretEnv: String?
        var audiences: [String]
        var requiredScopes: [String]
        var tokenType: String?
    }

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
                identitySources = text.split(separator: ",").map(Self.trimmingBlanks)
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
        self.function = try Self.read(&function)
        try fields.finish()
    }

    /// A comma-separated item without the blanks around it (tab and Unicode space separators, as
    /// Foundation's `CharacterSet.whitespaces`).
    private static func trimmingBlanks(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { character in
            character == "\t"
                || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }

    /// `function`: exactly one of `command`, `lambda`, `jwtBearer`, `introspection` (plus
    /// `environment` beside `command`), each with its fields of their one type.
    private static func read(_ function: inout JSONObjectReader) throws(JSONObjectReader.Failure) -> Function {
        let kinds = ["command", "lambda", "jwtBearer", "introspection"]
        let present = kinds.filter { function.has($0) }
        guard present.count == 1, let kind = present.first else {
            throw JSONObjectReader.Failure(
                path: function.path,
                message: "`\(function.path)` must have exactly one of `command`, `lambda`, `jwtBearer`, `introspection`"
                    + (present.isEmpty ? "" : " (has \(present.map { "`\($0)`" }.joined(separator: ", ")))")
            )
        }
        if kind != "command" && function.has("environment") {
            throw function.failure("environment", "applies to `command` functions only")
        }
        let read: Function
        switch kind {
        case "command":
            let arguments = try function.optionalStrings("command", nonEmpty: true) ?? []
            var environment: [(key: String, value: String)]? = nil
            if var variables = try function.optionalObject("environment") {
                environment = []
                for (key, _) in variables.members {
                    environment?.append((key, try variables.optionalString(key) ?? ""))
                }
            }
            read = .command(arguments: arguments, environment: environment)
        case "lambda":
            var fields = try function.object("lambda")
            read = .lambda(endpoint: try fields.string("endpoint"), name: try fields.string("name"))
            try fields.finish()
        case "jwtBearer":
            var fields = try function.object("jwtBearer")
            var bearer = JWTBearer(
                issuer: try fields.string("issuer"),
                jwks: try fields.optionalString("jwks"),
                discovery: try fields.optionalBool("discovery") ?? false,
                audiences: try fields.optionalStrings("audiences", nonEmpty: true),
                routeScopes: [],
                claimsToContext: []
            )
            if var routes = try fields.optionalObject("routeScopes") {
                for (route, _) in routes.members {
                    bearer.routeScopes.append((route, try routes.optionalStrings(route, nonEmpty: true) ?? []))
                }
            }
            if var claims = try fields.optionalObject("claimsToContext") {
                for (claim, _) in claims.members {
                    bearer.claimsToContext.append((claim, try claims.optionalString(claim) ?? ""))
                }
            }
            try fields.finish()
            read = .jwtBearer(bearer)
        default:
            var fields = try function.object("introspection")
            read = .introspection(
                Introspection(
                    endpoint: try fields.string("endpoint"),
                    clientId: try fields.string("clientId"),
                    clientSecretEnv: try fields.optionalString("clientSecretEnv"),
                    audiences: try fields.optionalStrings("audiences", nonEmpty: true) ?? [],
                    requiredScopes: try fields.optionalStrings("requiredScopes", nonEmpty: true) ?? [],
                    tokenType: try fields.optionalString("tokenType")
                )
            )
            try fields.finish()
        }
        try function.finish()
        return read
    }
}
