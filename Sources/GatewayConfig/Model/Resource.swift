/// A resource: a path template and the methods declared on it (at most one per verb).
public struct Resource: Sendable, Equatable {
    public var path: ResourcePath
    /// In declaration order; verbs are unique.
    public var methods: [Method]

    public init(path: ResourcePath, methods: [Method] = []) {
        self.path = path
        self.methods = methods
    }

    /// The method declared for `verb` exactly (no `ANY` fallback).
    public func method(_ verb: HTTPVerb) -> Method? { methods.first { $0.verb == verb } }
}
