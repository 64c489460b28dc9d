package import GatehouseCore

/// What one load shares across its readers: the file's name for errors, whether unknown fields
/// are errors (Gatehouse's own files) or notices (OpenAPI documents, whose extensions AWS keeps
/// growing), and the notices collected so far.
package final class LoadContext {
    package let file: String
    package let strict: Bool
    package private(set) var notices: [ConfigNotice] = []

    package init(file: String, strict: Bool) {
        self.file = file
        self.strict = strict
    }

    /// An error at `node`.
    package func error(_ code: GatewayConfigError.Code, _ message: String, at node: JSONNode) -> GatewayConfigError {
        GatewayConfigError(
            code,
            message,
            file: file,
            line: node.location.line,
            column: node.location.column,
            path: node.location.path
        )
    }

    /// An error about a member `key` of the object at `node` (the member may be absent).
    package func error(
        _ code: GatewayConfigError.Code,
        _ message: String,
        at node: JSONNode,
        key: String
    ) -> GatewayConfigError {
        GatewayConfigError(
            code,
            message,
            file: file,
            line: node.location.line,
            column: node.location.column,
            path: node.location.jsonPath.appending(key: key).description
        )
    }

    /// Records a notice at `node`.
    package func note(_ kind: ConfigNotice.Kind, _ message: String, at node: JSONNode) {
        notices.append(ConfigNotice(kind, file: file, line: node.location.line, path: node.location.path, message))
    }
}
