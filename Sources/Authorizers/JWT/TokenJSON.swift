import GatehouseCore
import GatehouseCrypto
import IAMPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A header or claims set, read flat or as a tree.
enum TokenJSON: Sendable {
    case flat(FlatJSONObject)
    case tree([(key: String, value: JSONNode)])

    func value(named name: String) -> JSONValue? {
        switch self {
        case .flat(let flat): return flat.value(name)
        case .tree(let members): return JSONValue.object(members).member(name)?.value
        }
    }

    /// A registered member's value (the name is a literal: flat objects compare its bytes).
    func value(_ name: StaticString) -> JSONValue? {
        switch self {
        case .flat(let flat): return flat.member(name).map(flat.value)
        case .tree(let members): return JSONValue.object(members).member(name.description)?.value
        }
    }

    /// How a claim compares with accepted strings.
    enum StringMatch {
        case absent
        case notString
        case matches
        case differs(String)
    }

    /// Where the claims the verifier checks are in a flat claims set's member table (all
    /// ``none`` for a tree). Indices, not members: seven 16-bit numbers travel in registers,
    /// where seven optional members were a 224-byte copy.
    struct RegisteredMembers {
        static let none = UInt16.max
        var exp = none
        var nbf = none
        var iat = none
        var iss = none
        var aud = none
        var clientID = none
        var tokenUse = none
    }

    /// The flat member at `index` of the table (``RegisteredMembers/none``: `nil`).
    func member(at index: UInt16) -> FlatJSONObject.Member? {
        guard index != RegisteredMembers.none, case .flat(let flat) = self else { return nil }
        return flat.member(at: Int(index))
    }

    /// One pass over a flat object's members (keys are unique: the flat reader refuses
    /// duplicates), each key's first eight bytes already a word (``FlatJSONObject/Member/keyWord``)
    /// compared with the names of its length as constants — no byte loop, no call per name.
    var registeredMembers: RegisteredMembers {
        var found = RegisteredMembers()
        guard case .flat(let flat) = self else { return found }
        unsafe flat.withContents { bytes, members in
            for offset in 0..<members.count {
                let member = unsafe members[offset]
                let index = UInt16(truncatingIfNeeded: offset)
                switch member.keyCount {
                case 3:
                    switch member.keyWord {
                    case FlatJSONObject.word("exp"): found.exp = index
                    case FlatJSONObject.word("nbf"): found.nbf = index
                    case FlatJSONObject.word("iat"): found.iat = index
                    case FlatJSONObject.word("iss"): found.iss = index
                    case FlatJSONObject.word("aud"): found.aud = index
                    default: continue
                    }
                case 9:
                    // `client_id` and `token_use`: eight bytes as the word, then the ninth.
                    let last = unsafe bytes[member.key.lowerBound + 8]
                    if member.keyWord == FlatJSONObject.word("client_i") && last == UInt8(ascii: "d") {
                        found.clientID = index
                    } else if member.keyWord == FlatJSONObject.word("token_us") && last == UInt8(ascii: "e") {
                        found.tokenUse = index
                    }
                default: continue
                }
            }
        }
        return found
    }

    /// Whether the member `name` is a string among `accepted`, compared as the bytes the issuer
    /// signed (never by Unicode equivalence). `flatMember` is the member already found in a flat
    /// object (``registeredMembers``).
    func match(_ name: StaticString, _ flatMember: FlatJSONObject.Member?, against accepted: [String]) -> StringMatch {
        switch self {
        case .flat(let flat):
            guard let member = flatMember else { return .absent }
            guard member.kind == .string else { return .notString }
            if accepted.contains(where: { flat.stringValue(member, equals: $0) }) { return .matches }
            return .differs(flat.text(member))
        case .tree:
            guard let value = value(name) else { return .absent }
            guard case .string(let text) = value else { return .notString }
            return accepted.contains(where: { $0.sameUTF8(as: text) }) ? .matches : .differs(text)
        }
    }

    var members: [(key: String, value: JSONNode)] {
        switch self {
        case .tree(let members): return members
        case .flat(let flat):
            return flat.members.map { member in
                (
                    flat.key(member),
                    JSONNode(value: flat.value(member), location: JSONLocation(line: 0, column: 0, path: ""))
                )
            }
        }
    }
}
