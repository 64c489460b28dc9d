import CYaml
import GatehouseCore
import IAMPolicy

/// libyaml's event stream, read one event at a time.
///
/// Policies are composed from these events rather than from Yams' node tree: Yams resolves an alias
/// by sharing the anchored node, and its duplicate-key check hashes whole keys — a complex key
/// (`? *a`) that names a billion-laughs structure is hashed node by node before any caller sees the
/// tree. Here an alias, an anchor or a tag is refused at the event that carries it, so nothing is
/// ever expanded, and nesting is bounded as it is read (Yams composes recursively, without a limit).
final class YAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    init(_ bytes: [UInt8]) throws(PolicyError) {
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            input.deallocate()
            throw PolicyError(.tooLarge, "out of memory reading YAML", at: JSONLocation(line: 1, column: 1, path: "$"))
        }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; a syntax error is an `invalidJSON` error at libyaml's mark.
    func next() throws(PolicyError) -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&event) }
        var out = YAMLEvent(
            kind: .streamEnd,
            line: Int(event.start_mark.line) + 1,
            column: Int(event.start_mark.column) + 1
        )
        switch event.type {
        case YAML_STREAM_START_EVENT: out.kind = .streamStart
        case YAML_STREAM_END_EVENT: out.kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: out.kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: out.kind = .documentEnd
        case YAML_ALIAS_EVENT:
            out.kind = .alias
            out.anchor = Self.text(event.data.alias.anchor) ?? ""
        case YAML_SCALAR_EVENT:
            out.kind = .scalar
            out.anchor = Self.text(event.data.scalar.anchor)
            out.tag = Self.text(event.data.scalar.tag)
            out.value = String(
                decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length),
                as: UTF8.self
            )
            out.plain =
                event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE || event.data.scalar.style == YAML_ANY_SCALAR_STYLE
        case YAML_SEQUENCE_START_EVENT:
            out.kind = .sequenceStart
            out.anchor = Self.text(event.data.sequence_start.anchor)
            out.tag = Self.text(event.data.sequence_start.tag)
        case YAML_SEQUENCE_END_EVENT: out.kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            out.kind = .mappingStart
            out.anchor = Self.text(event.data.mapping_start.anchor)
            out.tag = Self.text(event.data.mapping_start.tag)
        case YAML_MAPPING_END_EVENT: out.kind = .mappingEnd
        default:
            throw PolicyError(.invalidJSON, "not YAML: an unexpected event", at: location(out))
        }
        return out
    }

    func location(_ event: YAMLEvent, _ path: JSONPath = .root) -> JSONLocation {
        JSONLocation(line: event.line, column: event.column, jsonPath: path)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func syntaxError() -> PolicyError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unreadable input"
        switch parser.pointee.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = parser.pointee.problem_mark
            return PolicyError(
                .invalidJSON,
                "not YAML: \(problem)",
                at: JSONLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1, path: "$")
            )
        case YAML_MEMORY_ERROR:
            return PolicyError(.tooLarge, "out of memory reading YAML", at: JSONLocation(line: 1, column: 1, path: "$"))
        default:
            // Reader errors (invalid UTF-8, control characters) have a byte offset, not a line.
            return PolicyError(
                .invalidJSON,
                "not YAML: \(problem) (at byte \(parser.pointee.problem_offset))",
                at: JSONLocation(line: 1, column: 1, path: "$")
            )
        }
    }
}
