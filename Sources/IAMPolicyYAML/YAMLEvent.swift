import CYaml
import GatehouseCore
import IAMPolicy

/// One libyaml parser event, copied out of C memory.
struct YAMLEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    /// 1-based.
    var line: Int
    var column: Int
    /// The `&name` on a node, if any.
    var anchor: String? = nil
    /// An explicit tag (`!!binary`, `!local`, `!`), resolved as libyaml reports it; nil when implicit.
    var tag: String? = nil
    /// A scalar's text.
    var value = ""
    /// Whether a scalar is plain (unquoted, not a block scalar): only plain scalars are typed.
    var plain = false
}
