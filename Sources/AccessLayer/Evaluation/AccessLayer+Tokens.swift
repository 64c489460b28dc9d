import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy

extension AccessLayer {
    /// `JWT`: the token from the identity header (raw or `Bearer `), verified with the
    /// authorizer's verifier and keys, then the method's scopes; with a resource policy, it must
    /// Allow as for Cognito (reference/iam.md §6.4: fail closed). Every token refusal is 401.
    func authorizeJWT(
        _ request: AccessRequest,
        method: MethodAccess,
        authorizer: JWTAuthorization,
        now: ClockReading
    ) async -> AccessDecision {
        guard let token = Self.bearerToken(request.http.headerFields[authorizer.identityHeader]) else {
            return .denied(
                .unauthorized(
                    api: method.api,
                    reason: "JWT `\(authorizer.name)`: no token in `\(authorizer.identityHeader.rawName)`"
                )
            )
        }
        let verified: VerifiedToken
        switch await authorizer.verifier.verify(
            token,
            keys: authorizer.keys,
            now: now,
            timeout: authorizer.keyFetchTimeout
        ) {
        case .success(let token): verified = token
        case .failure(let error):
            var denial = error.denial(api: method.api).redactingReason([token])
            denial.reason = "JWT `\(authorizer.name)`: \(denial.reason)"
            return .denied(denial)
        }
        return finishToken(verified, request, method: method, authorizer: "JWT `\(authorizer.name)`", now: now)
    }

    /// `COGNITO_USER_POOLS`: the token from the identity header, verified by the
    /// ``UserPoolAuthenticator``; without one, refused (500) with a reason that says so. Then
    /// the resource policy, if any, must Allow (reference/iam.md §6.4).
    func authorizeUserPool(
        _ request: AccessRequest,
        method: MethodAccess,
        providerARNs: [String],
        header: HTTPField.Name,
        now: ClockReading
    ) async -> AccessDecision {
        guard let userPools else {
            return .denied(
                .authorizerConfigurationError(
                    api: method.api,
                    reason: "COGNITO_USER_POOLS is not available: no user pool authenticator is configured "
                        + "(pools \(providerARNs.joined(separator: ", ")))"
                )
            )
        }
        guard let token = Self.bearerToken(request.http.headerFields[header]) else {
            return .denied(
                .unauthorized(api: method.api, reason: "COGNITO_USER_POOLS: no token in `\(header.rawName)`")
            )
        }
        let verified: VerifiedToken
        do {
            verified = try await userPools.authenticate(
                token: token,
                providerARNs: providerARNs,
                scopes: method.authorizationScopes,
                now: now
            )
        } catch {
            var denial = error.redactingReason([token])
            denial.reason = "COGNITO_USER_POOLS: \(denial.reason)"
            return .denied(denial)
        }
        return finishToken(verified, request, method: method, authorizer: "COGNITO_USER_POOLS", now: now)
    }

    /// The method's scopes (one of them in the token's), then the resource policy's Allow.
    private func finishToken(
        _ verified: VerifiedToken,
        _ request: AccessRequest,
        method: MethodAccess,
        authorizer: String,
        now: ClockReading
    ) -> AccessDecision {
        let scopes = verified.scopes
        if !method.authorizationScopes.isEmpty, !method.authorizationScopes.contains(where: scopes.contains) {
            var denial = JWTError(.missingScope, "the token has none of the method's authorization scopes")
                .denial(api: method.api)
            denial.reason = "\(authorizer): \(denial.reason)"
            return .denied(denial)
        }
        let (decision, refusal) = requireResourcePolicyAllow(request, method: method, now: now)
        if var refusal {
            refusal.reason = "\(authorizer): token valid, resource policy refuses: \(refusal.reason)"
            return .denied(refusal)
        }
        return .allowed(
            AccessGrant(
                authorizationType: method.authorization.typeName,
                identity: .anonymous(sourceIp: request.peer.sourceIp, userAgent: request.header(.userAgent)),
                token: verified,
                scopes: scopes,
                policyDecision: decision,
                reason: "\(authorizer) allowed" + (verified.subject.map { " subject `\($0)`" } ?? "")
            )
        )
    }

    /// A header's token: the value, without a `Bearer ` prefix (any case); `nil` when missing or
    /// empty.
    static func bearerToken(_ value: String?) -> String? {
        guard var value else { return nil }
        if value.utf8.count > 7, value.prefix(7).lowercased() == "bearer " {
            value = String(value.dropFirst(7))
        }
        value = String(value.drop(while: { $0 == " " }))
        return value.isEmpty ? nil : value
    }
}
