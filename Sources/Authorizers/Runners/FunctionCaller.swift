/// Who a function run is for: the client the gateway serves the request of (its address, an IPv6
/// client's /64), set around the request's access check and integration
/// (`FunctionCaller.$current.withValue(key) { … }`).
///
/// A task-local value, not an argument of ``AuthorizerFunction/invoke(_:timeout:)``: the runner
/// sits three layers below the gateway (access layer, authorizer, function), and only the local
/// command runner uses it — to give each caller a bounded share of its slots, so one client
/// cannot hold every run and every place in the queue (an attacker's review kept a legitimate
/// caller waiting 7.6 s behind one address's anonymous requests). `nil` outside the gateway:
/// no per-caller share applies.
public enum FunctionCaller {
    @TaskLocal public static var current: String?
}
