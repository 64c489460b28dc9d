/// Where a JSON value stands in its document.
public struct JSONLocation: Sendable, Hashable {
    /// 1-based line and column (0 when unknown).
    public var line: Int
    public var column: Int
    /// The value's path, kept as links (see ``JSONPath``).
    public var jsonPath: JSONPath

    /// The path as text, such as `$.Statement[1].Action`: built on each read, so read it for a
    /// message, not in a loop over many values.
    public var path: String {
        get { jsonPath.description }
        set { jsonPath = JSONPath(newValue) }
    }

    /// No place: a value built in code, or parsed without locations.
    public static let unknown = JSONLocation(line: 0, column: 0, jsonPath: JSONPath(""))

    public init(line: Int, column: Int, path: String) {
        self.init(line: line, column: column, jsonPath: JSONPath(path))
    }

    public init(line: Int, column: Int, jsonPath: JSONPath) {
        self.line = line
        self.column = column
        self.jsonPath = jsonPath
    }
}
