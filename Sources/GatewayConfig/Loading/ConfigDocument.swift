package import GatehouseCore
internal import IAMPolicy
internal import IAMPolicyYAML

/// A configuration file read into a located tree: JSON through GatehouseCore's strict parser,
/// YAML through the same alias-free event reader policies use, so both report the line, column and
/// JSON path of every value.
///
/// YAML rules (as for YAML policies): quoted scalars are strings; plain `true`/`false` booleans,
/// `null`/`~` null, JSON-shaped numbers numbers, anything else a string. Anchors, aliases and
/// explicit tags are refused (aliases are how YAML bombs expand). One document per file.
package enum ConfigDocument {
    /// The largest configuration file read: 4 MiB (AWS imports OpenAPI documents up to 6 MB;
    /// YAML is read through the policy reader, which stops at 1 MiB).
    package static let maxBytes = 4 * 1024 * 1024
    /// The deepest nesting (OpenAPI schemas nest; policies need 5).
    package static let maxDepth = 64

    /// Whether `text` is JSON: its first non-whitespace character is `{` or `[`.
    package static func isJSON(_ text: String) -> Bool {
        let first = text.utf8.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// The tree of `text`, JSON or YAML by its first character; errors name `file`.
    package static func tree(_ text: String, file: String) throws(GatewayConfigError) -> JSONNode {
        if isJSON(text) {
            var limits = JSONParser.Limits()
            limits.maxBytes = maxBytes
            limits.maxDepth = maxDepth
            do {
                return try JSONParser.parse(text, limits: limits)
            } catch {
                let code: GatewayConfigError.Code =
                    error.code == .duplicateKey ? .duplicateKey : error.code == .tooLarge ? .tooLarge : .syntax
                throw GatewayConfigError(
                    code,
                    error.message,
                    file: file,
                    line: error.line,
                    column: error.column,
                    path: error.path
                )
            }
        }
        do {
            return try PolicyYAML.tree(text)
        } catch {
            let code: GatewayConfigError.Code
            switch error.code {
            case .duplicateKey: code = .duplicateKey
            case .tooLarge: code = .tooLarge
            case .invalidJSON: code = .syntax
            default: code = .invalidValue
            }
            // The YAML reader words its refusals for policies; say "files" here.
            let message = error.message.replacing("in policy documents", with: "in configuration files")
                .replacing("a policy is one document", with: "a configuration is one document")
            throw GatewayConfigError(
                code,
                message,
                file: file,
                line: error.line,
                column: error.column,
                path: error.path
            )
        }
    }
}
