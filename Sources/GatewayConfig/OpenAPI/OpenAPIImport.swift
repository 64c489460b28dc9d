internal import GatehouseCore
internal import OpenAPIKit
internal import OpenAPIKit30
internal import OpenAPIKitCompat
internal import Yams

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Imports an OpenAPI 3.0 or 3.1 document, JSON or YAML, with API Gateway's
/// `x-amazon-apigateway-*` extensions, as SAM, CloudFormation and Terraform write them.
///
/// OpenAPIKit reads the document (paths, operations, parameters, security requirements and
/// schemes, `$ref`s into components); the extensions are read from the same document's located
/// tree, so every error names the file, line and JSON path. A document with
/// `x-amazon-apigateway-importexport-version` is an HTTP API, any other a REST API.
///
/// Every `x-amazon-apigateway-*` extension Gatehouse does not act on, and every unknown field inside
/// one it does, becomes a ``ConfigNotice`` on the returned API — never silently dropped. A security
/// scheme Gatehouse cannot enforce on a method (plain `http` bearer, `oauth2` without an
/// authorizer) is an error, not an open method: an import fails closed.
public enum OpenAPIImport {
    /// Reads the API in `text`. `file` names it in errors and notices; `name` overrides the API's
    /// name (by default `info.title`).
    public static func load(
        _ text: String,
        file: String,
        name: String? = nil
    ) throws(GatewayConfigError)
        -> APIDefinition
    {
        let context = LoadContext(file: file, strict: false)
        let root = try ConfigDocument.tree(text, file: file)
        let document = try decode(text, root: root, context)
        var importer = Importer(document: document, root: root, context: context)
        var api = try importer.run()
        if let name { api.name = name }
        api.notices = context.notices
        return api
    }

    /// The OpenAPI version the document declares, and the document read by OpenAPIKit (3.0
    /// documents converted to the 3.1 model).
    static func decode(
        _ text: String,
        root: JSONNode,
        _ context: LoadContext
    ) throws(GatewayConfigError)
        -> OpenAPIKit.OpenAPI.Document
    {
        guard case .object = root.value else {
            throw context.error(.wrongType, "an OpenAPI document is an object, not \(root.value.typeName)", at: root)
        }
        if let swagger = root.value.member("swagger") {
            throw context.error(
                .invalidOpenAPI,
                "OpenAPI 2.0 (Swagger) is not supported; convert the document to OpenAPI 3.0",
                at: swagger
            )
        }
        guard let versionNode = root.value.member("openapi") else {
            throw context.error(.missingField, "`openapi` is required (`3.0.x` or `3.1.x`)", at: root, key: "openapi")
        }
        guard case .string(let version) = versionNode.value else {
            throw context.error(.wrongType, "`openapi` must be a string such as `3.0.1`", at: versionNode)
        }
        let isJSON = ConfigDocument.isJSON(text)
        do {
            if version.hasPrefix("3.0.") {
                let document: OpenAPIKit30.OpenAPI.Document =
                    try isJSON
                    ? JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: Data(text.utf8))
                    : YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: text)
                return document.convert(to: .v3_1_0)
            }
            if version.hasPrefix("3.1.") {
                return try isJSON
                    ? JSONDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: Data(text.utf8))
                    : YAMLDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: text)
            }
        } catch {
            let readable = OpenAPIKit.OpenAPI.Error(from: error)
            let node = locate(readable.codingPath.map { $0.intValue.map(Step.index) ?? .key($0.stringValue) }, in: root)
            throw context.error(
                .invalidOpenAPI,
                "not a valid OpenAPI document: \(readable.localizedDescription)",
                at: node
            )
        }
        throw context.error(.invalidOpenAPI, "`openapi` must be `3.0.x` or `3.1.x`, not `\(version)`", at: versionNode)
    }

    enum Step {
        case key(String)
        case index(Int)
    }

    /// The deepest node of `root` along `steps` (for an error's line).
    static func locate(_ steps: [Step], in root: JSONNode) -> JSONNode {
        var node = root
        for step in steps {
            switch (step, node.value) {
            case (.key(let key), .object(let members)):
                guard let next = members.first(where: { $0.key == key })?.value else { return node }
                node = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return node }
                node = elements[index]
            default:
                return node
            }
        }
        return node
    }
}
