import Authorizers
import GatehouseCore
import HTTPTypes
import IAMPolicy

/// The condition context the access layer supplies (reference/iam.md §5): every global key the
/// request can fill. The IAM-only keys (`aws:PrincipalArn`, `aws:PrincipalAccount`,
/// `aws:PrincipalType`, `aws:PrincipalTag/*`, `aws:userid`, `aws:username`) are added for SigV4
/// callers only.
enum ConditionContext {
    /// The keys every request fills: `aws:SourceIp`, `aws:CurrentTime`, `aws:EpochTime`,
    /// `aws:SecureTransport`, `aws:RequestedRegion`, and when the caller sent them
    /// `aws:UserAgent` and `aws:Referer`. The time is whole seconds, clamped to 1970…33658.
    static func make(_ request: AccessRequest, now: Timestamp) -> RequestContext {
        var context = RequestContext()
        context.reserveCapacity(16)
        context["aws:SourceIp"] = .single(request.peer.sourceIp)
        let seconds = min(max(now.secondsSince1970, 0), 1_000_000_000_000)
        context["aws:CurrentTime"] = .single(Timestamp(secondsSince1970: seconds).iso8601)
        context["aws:EpochTime"] = .single(String(seconds))
        context["aws:SecureTransport"] = .single(request.peer.isSecure ? "true" : "false")
        context["aws:RequestedRegion"] = .single(request.target.region)
        if let userAgent = request.header(.userAgent) { context["aws:UserAgent"] = .single(userAgent) }
        if let referer = request.header(.referer) { context["aws:Referer"] = .single(referer) }
        return context
    }

    /// ``make(_:now:)`` plus the SigV4 caller's keys.
    static func make(_ request: AccessRequest, principal: Principal, now: Timestamp) -> RequestContext {
        var context = make(request, now: now)
        context.insertPrincipalKeys(principal)
        return context
    }
}
