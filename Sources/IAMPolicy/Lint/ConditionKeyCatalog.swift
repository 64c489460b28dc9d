/// What the linter knows about condition keys: AWS's global `aws:` keys and API Gateway's, with
/// their types and whether they are multivalued (from AWS's global condition context keys page
/// and reference/iam.md §5–6). Unknown service keys are not judged.
enum ConditionKeyCatalog {
    enum KeyType: String {
        case string, arn, ip, bool, numeric, date
        /// `aws:EpochTime` takes numeric and date operators.
        case numericOrDate = "numeric or date"
    }

    struct Key {
        let type: KeyType
        let multivalued: Bool
    }

    private static func key(_ type: KeyType, multivalued: Bool = false) -> Key {
        Key(type: type, multivalued: multivalued)
    }

    /// Exact keys, lowercased.
    static let exact: [String: Key] = [
        "aws:sourceip": key(.ip), "aws:vpcsourceip": key(.ip), "aws:sourcevpc": key(.string),
        "aws:sourcevpce": key(.string), "aws:sourcevpcarn": key(.arn), "aws:securetransport": key(.bool),
        "aws:currenttime": key(.date), "aws:epochtime": key(.numericOrDate), "aws:tokenissuetime": key(.date),
        "aws:multifactorauthpresent": key(.bool), "aws:multifactorauthage": key(.numeric),
        "aws:principalarn": key(.arn), "aws:principalaccount": key(.string), "aws:principalorgid": key(.string),
        "aws:principalorgpaths": key(.string, multivalued: true), "aws:principaltype": key(.string),
        "aws:principalisawsservice": key(.bool), "aws:principalservicename": key(.string),
        "aws:principalservicenameslist": key(.string, multivalued: true), "aws:userid": key(.string),
        "aws:username": key(.string), "aws:requestedregion": key(.string),
        "aws:tagkeys": key(.string, multivalued: true),
        "aws:sourcearn": key(.arn), "aws:sourceaccount": key(.string), "aws:sourceorgid": key(.string),
        "aws:sourceorgpaths": key(.string, multivalued: true), "aws:referer": key(.string),
        "aws:useragent": key(.string), "aws:viaawsservice": key(.bool),
        "aws:calledvia": key(.string, multivalued: true),
        "aws:calledviafirst": key(.string), "aws:calledvialast": key(.string), "aws:federatedprovider": key(.string),
        "aws:sourceidentity": key(.string), "aws:resourceaccount": key(.string), "aws:resourceorgid": key(.string),
        "aws:resourceorgpaths": key(.string, multivalued: true), "aws:ec2instancesourcevpc": key(.string),
        "aws:ec2instancesourceprivateipv4": key(.ip), "aws:assumedroot": key(.bool),
        "execute-api:viadomainarn": key(.arn),
    ]

    /// Key families with a tag or attribute name after the prefix, lowercased.
    static let prefixes: [(String, Key)] = [
        ("aws:principaltag/", key(.string)), ("aws:requesttag/", key(.string)), ("aws:resourcetag/", key(.string)),
        ("apigateway:request/", key(.string)), ("apigateway:resource/", key(.string)),
    ]

    static func lookup(_ key: String) -> Key? {
        let lowered = key.lowercased()
        if let found = exact[lowered] { return found }
        return prefixes.first { lowered.hasPrefix($0.0) && lowered.count > $0.0.count }?.1
    }

    /// Whether `base` can compare values of `type`; `nil` when it can (or the key is unknown).
    static func mismatch(_ base: ConditionOperator.Base, _ type: KeyType) -> Bool {
        switch base {
        case .null: return false
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
            .stringNotLike:
            return !(type == .string || type == .arn)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: return type != .arn
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            return !(type == .numeric || type == .numericOrDate)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return !(type == .date || type == .numericOrDate)
        case .bool: return type != .bool
        case .binaryEquals: return true
        case .ipAddress, .notIpAddress: return type != .ip
        }
    }

    /// The actions of the two services Gatehouse knows completely (reference/iam.md §6).
    static let knownActions: [String: Set<String>] = [
        "execute-api": ["invoke", "invalidatecache", "manageconnections"],
        "apigateway": [
            "get", "post", "put", "patch", "delete", "updaterestapipolicy", "setwebacl", "addcertificatetodomain",
            "updatedomainnamepolicy", "createaccessassociation", "rejectaccessassociation",
            "removecertificatefromdomain",
        ],
    ]
}
