/// The compiled policies a ``Principal`` carries, as an opaque value.
///
/// GatehouseCore knows nothing of policies: IAMPolicy's compiled policy set conforms to this
/// protocol, a credential store attaches it when it loads the principal, and IAMPolicy reads it
/// back with one cast — never re-parsing or re-compiling per request.
///
/// Why an existential slot rather than a generic `Principal<Policies>`: the principal passes
/// through modules that must not know IAMPolicy (SigV4's credential store, verifier and identity,
/// DESIGN.md's module plan). A generic parameter would spread through every one of them and their
/// callers; the slot keeps them ignorant, and its cost — one dynamic cast — is paid only when a
/// policy is evaluated, never on the signature-verification path, which copies the principal as
/// one reference.
public protocol PrincipalPolicies: Sendable {}
