/// `gatehouse authorizer init --template swift`: a native authorizer for programs that embed
/// Gatehouse's `Authorizers` library (no process, no network hop).
enum SwiftTemplate {
    static let files: [(String, String)] = [("JWTAuthorizer.swift", authorizer), ("README.md", readme)]

    static let authorizer = #"""
        import Authorizers
        import GatehouseCore

        /// A native Lambda-style authorizer: verifies a bearer JWT against a JWKS and answers with the
        /// blueprint's AuthPolicy covering the whole stage. Made by `gatehouse authorizer init --template swift`.
        func makeJWTAuthorizer(
            jwks: [UInt8],
            issuer: String,
            audience: String,
            clock: any GatehouseClock = SystemClock()
        ) throws -> NativeAuthorizerFunction {
            let keys = try JWKSet.parse(jwks)
            var configuration = JWTVerifier.Configuration()
            configuration.issuers = [issuer]
            configuration.audiences = [audience]
            // Pinned: each key is bound to its own algorithm already; this refuses any other.
            configuration.algorithms = [.rs256, .es256]
            let verifier = JWTVerifier(configuration: configuration)
            return NativeAuthorizerFunction { event in
                let request = try AuthorizerEventFields(event)
                var token = request.authorizationToken
                if token.lowercased().hasPrefix("bearer ") { token.removeFirst(7) }
                guard case .success(let verified) = verifier.verify(token, keys: keys, now: clock.wallNow) else {
                    throw FunctionFailure.raised("Unauthorized")
                }
                var policy = AuthPolicy(principalId: verified.subject ?? "unknown", awsAccountId: request.accountId)
                policy.region = request.region
                policy.restApiId = request.apiId
                policy.stage = request.stage
                policy.allowAllMethods()
                return try policy.build().bytes
            }
        }
        """#

    static let readme = #"""
        # A JWT authorizer in Swift

        `JWTAuthorizer.swift` builds a `NativeAuthorizerFunction` from Gatehouse's `Authorizers`
        library: add the package as a dependency, then run it through a `LambdaAuthorizer` like
        any function — identity sources, the result cache and API Gateway's error mapping apply
        unchanged, without a process or a network hop.

        ```swift
        let function = try makeJWTAuthorizer(jwks: jwksBytes, issuer: "https://issuer.example.com",
                                             audience: "my-api")
        let authorizer = LambdaAuthorizer(configuration: configuration, function: function)
        // Read the clock once per request, at the edge, and pass the reading down.
        let evaluation = await authorizer.authorize(request, now: SystemClock().now())
        ```

        For configuration-only JWT checks, `JWTBearerFunction` needs no code at all.
        """#
}
