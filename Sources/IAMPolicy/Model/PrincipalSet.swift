/// The principals a statement names.
public enum PrincipalSet: Sendable {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    case anyone
    /// Typed entries, OR-ed.
    case entries([PrincipalEntry])
}
