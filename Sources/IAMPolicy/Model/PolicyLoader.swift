import GatehouseCore

/// Turns located JSON into a ``PolicyDocument``, enforcing the grammar of reference/iam.md §1.1 and
/// the load errors of §1.3.
struct PolicyLoader {
    let kind: PolicyKind

    func document(_ root: JSONNode) throws(PolicyError) -> PolicyDocument {
        let members = try object(root, "a policy document")
        try rejectUnknown(members, allowed: ["Version", "Id", "Statement"], in: root)
        var version: PolicyDocument.Version? = nil
        if let node = member(members, "Version") {
            let text = try string(node)
            guard let parsed = PolicyDocument.Version(rawValue: text) else {
                throw PolicyError(
                    .invalidValue,
                    "`Version` must be `2012-10-17` or `2008-10-17`, not `\(text)`",
                    at: node.location
                )
            }
            version = parsed
        }
        let id = try member(members, "Id").map { node throws(PolicyError) in try string(node) }
        guard let statementNode = member(members, "Statement") else {
            throw PolicyError(.missingElement, "a policy needs a `Statement`", at: root.location)
        }
        let statementNodes: [JSONNode]
        switch statementNode.value {
        case .object: statementNodes = [statementNode]
        case .array(let elements):
            guard !elements.isEmpty else {
                throw PolicyError(.missingElement, "`Statement` is an empty list", at: statementNode.location)
            }
            statementNodes = elements
        default:
            throw PolicyError(
                .wrongType,
                "`Statement` must be an object or a list of objects, not \(statementNode.value.typeName)",
                at: statementNode.location
            )
        }
        var statements: [Statement] = []
        for node in statementNodes { statements.append(try statement(node)) }
        return PolicyDocument(version: version, id: id, statements: statements)
    }

    private func statement(_ node: JSONNode) throws(PolicyError) -> Statement {
        let members = try object(node, "a statement")
        try rejectUnknown(
            members,
            allowed: [
                "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
                "Condition",
            ],
            in: node
        )
        let sid = try member(members, "Sid").map { node throws(PolicyError) in try string(node) }
        guard let effectNode = member(members, "Effect") else {
            throw PolicyError(.missingElement, "a statement needs an `Effect`", at: node.location)
        }
        let effectText = try string(effectNode)
        guard let effect = Statement.Effect(rawValue: effectText) else {
            throw PolicyError(
                .invalidValue,
                "`Effect` must be exactly `Allow` or `Deny`, not `\(effectText)`",
                at: effectNode.location
            )
        }

        let principal = try pair(members, "Principal", "NotPrincipal", in: node, required: false) {
            node throws(PolicyError) in
            try principals(node)
        }
        if kind.requiresPrincipal && principal == nil {
            throw PolicyError(
                .missingElement,
                "a \(kind) statement needs `Principal` or `NotPrincipal`",
                at: node.location
            )
        }
        if !kind.requiresPrincipal, let principal {
            let name = principal.negated ? "NotPrincipal" : "Principal"
            throw PolicyError(
                .invalidValue,
                "a \(kind) policy cannot name a principal (`\(name)`)",
                at: member(members, name)!.location
            )
        }
        if kind == .resourceControl {
            if effect == .allow {
                throw PolicyError(
                    .invalidValue,
                    "resource control policies contain only `Deny` statements",
                    at: effectNode.location
                )
            }
            if case .entries = principal?.value {
                throw PolicyError(
                    .invalidValue,
                    "resource control policies need `\"Principal\": \"*\"`",
                    at: node.location
                )
            }
        }

        let action = try pair(members, "Action", "NotAction", in: node, required: true) { node throws(PolicyError) in
            let values = try strings(node)
            for (index, value) in values.enumerated() where !Self.isActionPattern(value) {
                throw PolicyError(
                    .invalidValue,
                    "`\(value)` is not an action: use `*` or `service:Action` (wildcards allowed)",
                    at: element(node, index)
                )
            }
            return values
        }!
        let resource = try pair(members, "Resource", "NotResource", in: node, required: true) {
            node throws(PolicyError) in
            try strings(node)
        }!
        let conditions =
            try member(members, "Condition").map { node throws(PolicyError) in try conditionBlock(node) } ?? []
        return Statement(
            sid: sid,
            effect: effect,
            principal: principal,
            action: action,
            resource: resource,
            conditions: conditions,
            location: node.location
        )
    }

    /// `*` or `prefix:pattern`: a service prefix of letters, digits, `-` (or wildcards), a colon,
    /// and a non-empty action pattern.
    static func isActionPattern(_ value: String) -> Bool {
        if value == "*" { return true }
        guard let colon = value.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let prefix = value.utf8[..<colon]
        let rest = value.utf8[value.utf8.index(after: colon)...]
        let prefixAllowed = prefix.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "?"):
                return true
            default:
                return false
            }
        }
        return !prefix.isEmpty && prefixAllowed && !rest.isEmpty
    }

    private func principals(_ node: JSONNode) throws(PolicyError) -> PrincipalSet {
        if case .string(let text) = node.value {
            guard text == "*" else {
                throw PolicyError(
                    .invalidValue,
                    "a principal written as a string must be `*`; name others as {\"AWS\": …}",
                    at: node.location
                )
            }
            return .anyone
        }
        let members = try object(node, "`*` or an object of principal types")
        guard !members.isEmpty else {
            throw PolicyError(.missingElement, "the principal object is empty", at: node.location)
        }
        var entries: [PrincipalEntry] = []
        for (key, valueNode) in members {
            guard let kind = PrincipalEntry.Kind(rawValue: key) else {
                throw PolicyError(
                    .unknownKey,
                    "`\(key)` is not a principal type (AWS, Service, Federated, CanonicalUser)",
                    at: valueNode.location
                )
            }
            let values = try strings(valueNode)
            for (index, value) in values.enumerated() {
                if value == "*" && kind == .aws {
                    // {"AWS": "*"} is the same as "*" (everyone, anonymous callers included).
                    if members.count == 1 && values.count == 1 { return .anyone }
                    entries.append(PrincipalEntry(kind: kind, value: value))
                    continue
                }
                if value.contains("*") {
                    throw PolicyError(
                        .invalidValue,
                        "`\(value)`: a wildcard may only be a whole principal (`*`)",
                        at: element(valueNode, index)
                    )
                }
                entries.append(PrincipalEntry(kind: kind, value: value))
            }
        }
        return .entries(entries)
    }

    private func conditionBlock(_ node: JSONNode) throws(PolicyError) -> [Condition] {
        let operators = try object(node, "an object of condition operators")
        var conditions: [Condition] = []
        // Operator names and condition keys are case-insensitive, so two spellings of one are a
        // duplicate key like any other: refused, never ANDed or picked by order (issue 16 B10).
        var operatorSpellings: [String: String] = [:]
        for (name, operatorNode) in operators {
            if let earlier = operatorSpellings.updateValue(name, forKey: name.lowercased()) {
                throw PolicyError(
                    .duplicateKey,
                    "the condition operator `\(name)` appears twice (also as `\(earlier)`): operator names are case-insensitive",
                    at: operatorNode.location
                )
            }
            guard let parsed = ConditionOperator(name) else {
                throw PolicyError(
                    .invalidValue,
                    "`\(name)` is not a condition operator (or `IfExists`/a set qualifier is used with `Null`)",
                    at: operatorNode.location
                )
            }
            let keys = try object(operatorNode, "an object of condition keys")
            guard !keys.isEmpty else {
                throw PolicyError(.missingElement, "`\(name)` has no condition keys", at: operatorNode.location)
            }
            var keySpellings: [String: String] = [:]
            for (key, valuesNode) in keys {
                guard !key.isEmpty else {
                    throw PolicyError(.missingElement, "an empty condition key", at: valuesNode.location)
                }
                if let earlier = keySpellings.updateValue(key, forKey: key.lowercased()) {
                    throw PolicyError(
                        .duplicateKey,
                        "the condition key `\(key)` appears twice in `\(name)` (also as `\(earlier)`): condition keys are case-insensitive",
                        at: valuesNode.location
                    )
                }
                let values = try scalars(valuesNode)
                var typed: [ConditionValue] = []
                for (index, value) in values.enumerated() {
                    guard let parsedValue = ConditionValue.parse(value, for: parsed.base) else {
                        throw PolicyError(
                            .invalidValue,
                            "`\(value)` is not \(ConditionValue.expectation(for: parsed.base)), as `\(name)` needs",
                            at: element(valuesNode, index)
                        )
                    }
                    typed.append(parsedValue)
                }
                conditions.append(
                    Condition(
                        operator: parsed,
                        key: key,
                        values: values,
                        typedValues: typed,
                        location: valuesNode.location
                    )
                )
            }
        }
        return conditions
    }

    // MARK: Shapes

    private func object(_ node: JSONNode, _ what: String) throws(PolicyError) -> [(key: String, value: JSONNode)] {
        guard case .object(let members) = node.value else {
            throw PolicyError(.wrongType, "expected \(what), found \(node.value.typeName)", at: node.location)
        }
        return members
    }

    private func member(_ members: [(key: String, value: JSONNode)], _ name: String) -> JSONNode? {
        members.first { $0.key == name }?.value
    }

    private func rejectUnknown(
        _ members: [(key: String, value: JSONNode)],
        allowed: Set<String>,
        in node: JSONNode
    ) throws(PolicyError) {
        for (key, value) in members where !allowed.contains(key) {
            let hint =
                allowed.first { $0.lowercased() == key.lowercased() }.map {
                    " (element names are case-sensitive: `\($0)`)"
                } ?? ""
            throw PolicyError(.unknownKey, "`\(key)` is not a policy element here\(hint)", at: value.location)
        }
    }

    private func string(_ node: JSONNode) throws(PolicyError) -> String {
        guard case .string(let text) = node.value else {
            throw PolicyError(.wrongType, "expected a string, found \(node.value.typeName)", at: node.location)
        }
        guard !text.isEmpty else { throw PolicyError(.missingElement, "an empty string", at: node.location) }
        return text
    }

    /// A string or a non-empty list of strings.
    private func strings(_ node: JSONNode) throws(PolicyError) -> [String] {
        switch node.value {
        case .string: return [try string(node)]
        case .array(let elements):
            guard !elements.isEmpty else { throw PolicyError(.missingElement, "an empty list", at: node.location) }
            var out: [String] = []
            for element in elements { out.append(try string(element)) }
            return out
        default:
            throw PolicyError(
                .wrongType,
                "expected a string or a list of strings, found \(node.value.typeName)",
                at: node.location
            )
        }
    }

    /// A condition value: a string, number or boolean, or a non-empty list of them.
    private func scalars(_ node: JSONNode) throws(PolicyError) -> [String] {
        func scalar(_ node: JSONNode) throws(PolicyError) -> String {
            switch node.value {
            case .string(let text): return text
            case .number(let text): return text
            case .bool(let value): return value ? "true" : "false"
            default:
                throw PolicyError(
                    .wrongType,
                    "a condition value must be a string, number or boolean, not \(node.value.typeName)",
                    at: node.location
                )
            }
        }
        if case .array(let elements) = node.value {
            guard !elements.isEmpty else {
                throw PolicyError(.missingElement, "an empty list of condition values", at: node.location)
            }
            var out: [String] = []
            for element in elements { out.append(try scalar(element)) }
            return out
        }
        return [try scalar(node)]
    }

    /// `Element` or `NotElement`: exactly one, or neither when not required.
    private func pair<Value: Sendable>(
        _ members: [(key: String, value: JSONNode)],
        _ positive: String,
        _ negative: String,
        in node: JSONNode,
        required: Bool,
        _ parse: (JSONNode) throws(PolicyError) -> Value
    ) throws(PolicyError) -> Negatable<Value>? {
        let plain = member(members, positive)
        let negated = member(members, negative)
        switch (plain, negated) {
        case (let plain?, nil): return Negatable(value: try parse(plain), negated: false)
        case (nil, let negated?): return Negatable(value: try parse(negated), negated: true)
        case (.some, .some):
            throw PolicyError(
                .conflictingElements,
                "a statement has both `\(positive)` and `\(negative)`",
                at: node.location
            )
        case (nil, nil):
            if required {
                throw PolicyError(
                    .missingElement,
                    "a statement needs `\(positive)` or `\(negative)`",
                    at: node.location
                )
            }
            return nil
        }
    }

    private func element(_ node: JSONNode, _ index: Int) -> JSONLocation {
        if case .array(let elements) = node.value, index < elements.count { return elements[index].location }
        return node.location
    }
}
