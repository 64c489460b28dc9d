/// A `methodSettings` key as `aws apigateway get-stage` prints it: `resourcePath/METHOD` without
/// the resource path's leading slash, each inner `/` written `~1` (`pets~1{id}/GET` for
/// `/pets/{id}`), or `*/*` for every method.
///
/// Also read: the `UpdateStage` patch-path spelling with the leading slash escaped
/// (`~1pets~1{id}/GET`), the API reference's unescaped one (`/pets/{id}/GET`), and inner slashes
/// left unescaped (`pets/{id}/GET`). The verb is always the part after the last `/`. The root
/// resource prints as `~1/GET`.
public struct MethodSettingsKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The resource path with its leading `/` (`/pets/{id}`), or `*`.
    public let resourcePath: String
    /// The verb (`GET`, `ANY`), or `*`.
    public let verb: String
    /// Whether the key had an unescaped inner `/` (`pets/{id}/GET`): read as `/pets/{id}`, with a
    /// warning, since AWS stores such a key as written and its effect there is unrecorded.
    public let hadUnescapedSlash: Bool

    /// Every method of the stage.
    public static let all = MethodSettingsKey(resourcePath: "*", verb: "*")

    public init(resourcePath: String, verb: String) {
        self.resourcePath = resourcePath
        self.verb = verb
        self.hadUnescapedSlash = false
    }

    /// Parses a key; `nil` when it has no `/`, an empty part, or a verb that is neither a verb
    /// nor `*`.
    public init?(parsing text: String) {
        guard let slash = text.lastIndex(of: "/") else { return nil }
        var path = String(text[..<slash])
        let verb = String(text[text.index(after: slash)...])
        guard verb == "*" || HTTPVerb(named: verb)?.name == verb else { return nil }
        self.verb = verb
        if path == "*" || path == "/*" {
            self.resourcePath = "*"
            self.hadUnescapedSlash = false
            return
        }
        if path.hasPrefix("/") { path.removeFirst() }
        if path.hasPrefix("~1") { path.removeFirst(2) }
        self.hadUnescapedSlash = path.contains("/")
        let unescaped = path.replacing("~1", with: "/").replacing("~0", with: "~")
        self.resourcePath = "/" + unescaped
    }

    /// The key as `get-stage` prints it (`pets~1{id}/GET`, `*/*`, `~1/GET` for the root).
    public var description: String {
        if resourcePath == "*" { return "*/\(verb)" }
        if resourcePath == "/" { return "~1/\(verb)" }
        let escaped = resourcePath.dropFirst().replacing("~", with: "~0").replacing("/", with: "~1")
        return escaped + "/" + verb
    }

    /// Whether this key names the method `verb` of the resource at `path` (wildcards match all).
    public func applies(to path: ResourcePath, verb: HTTPVerb) -> Bool {
        (resourcePath == "*" || resourcePath == path.description) && (self.verb == "*" || self.verb == verb.name)
    }

    /// How specific the key is: a method's own key beats a resource-wide `*` verb, which beats `*/*`.
    var specificity: Int { (resourcePath == "*" ? 0 : 2) + (verb == "*" ? 0 : 1) }

    public static func < (lhs: MethodSettingsKey, rhs: MethodSettingsKey) -> Bool {
        lhs.description < rhs.description
    }
}
