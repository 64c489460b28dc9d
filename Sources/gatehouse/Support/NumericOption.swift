import ArgumentParser

/// The one way a numeric command-line option is read: a documented range, shown in `--help`
/// (``help``), and a parse that refuses anything outside it — out of range, not a number,
/// too large for the type, NaN or infinite — as a usage error naming the option, before the
/// command runs. Every later computation with the value stays inside the range, so nothing
/// built from user input can overflow.
///
/// Use it as the option's `transform`:
///
///     @Option(help: "Seconds. \(OptionRange.maxTime.help)", transform: OptionRange.maxTime.parse)
///     var maxTime: Int = 60
struct NumericOption<Value: Comparable & Sendable>: Sendable {
    /// The option as typed (`--max-time`).
    let name: String
    let range: ClosedRange<Value>
    /// What the number counts (`seconds`), for messages.
    let unit: String
    private let read: @Sendable (String) -> Value?

    /// `Range: 1–86400 seconds.`, for the option's help text.
    var help: String { "Range: \(bounds("–")) \(unit)." }

    /// `1 to 86400`, whole doubles without their `.0`.
    private func bounds(_ separator: String) -> String {
        func show(_ value: Value) -> String {
            let text = "\(value)"
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        return show(range.lowerBound) + separator + show(range.upperBound)
    }

    /// The value of `text`, or a usage error naming the option and its range.
    func parse(_ text: String) throws -> Value {
        guard let value = read(text) else {
            throw Refusal(
                "\(name) takes a number, \(bounds(" to ")) \(unit), not `\(text.prefix(40))`"
            )
        }
        guard range.contains(value) else {
            throw Refusal("\(name) is \(bounds(" to ")) \(unit), not \(text.prefix(40))")
        }
        return value
    }

    /// Shown by swift-argument-parser after "The value '…' is invalid for '--name <name>': ".
    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension NumericOption where Value == Int {
    /// Whole numbers in decimal (an optional sign, digits); anything past `Int` is refused, not
    /// wrapped.
    init(_ name: String, _ range: ClosedRange<Int>, unit: String) {
        self.name = name
        self.range = range
        self.unit = unit
        self.read = { text in
            let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
            guard text.utf8.count - digits.count <= 1, !digits.isEmpty,
                digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            return Int(text)
        }
    }
}

extension NumericOption where Value == Double {
    /// Decimal numbers (`1`, `0.5`, `2e3`); NaN, infinities and hexadecimal floats are refused.
    init(_ name: String, _ range: ClosedRange<Double>, unit: String) {
        self.name = name
        self.range = range
        self.unit = unit
        self.read = { text in
            guard !text.isEmpty, text.utf8.allSatisfy({ Array("0123456789.+-eE".utf8).contains($0) }),
                let value = Double(text), value.isFinite
            else { return nil }
            return value
        }
    }
}

/// Every numeric option of every command, with its range: one place to read them all (the
/// interop suite sweeps this list).
enum OptionRange {
    /// `verify --skew-seconds`: up to a day.
    static let skewSeconds = NumericOption<Int>("--skew-seconds", 0...86_400, unit: "seconds")
    /// `sign`/`presign`/`curl --expires`: SigV4's presign limit, 7 days.
    static let expires = NumericOption<Int>("--expires", 1...604_800, unit: "seconds")
    /// `curl --max-time`: up to a day.
    static let maxTime = NumericOption<Int>("--max-time", 1...86_400, unit: "seconds")
    /// `authorizer test --repeat`.
    static let repetitions = NumericOption<Int>("--repeat", 1...100, unit: "runs")
    /// `bench --rounds`.
    static let rounds = NumericOption<Int>("--rounds", 1...100, unit: "rounds")
    /// `bench --iterations`.
    static let iterations = NumericOption<Int>("--iterations", 0...1_000_000_000, unit: "iterations")
    /// `jwt verify --leeway`.
    static let leeway = NumericOption<Double>("--leeway", 0...3_600, unit: "seconds")
    /// `bench --seconds`.
    static let benchSeconds = NumericOption<Double>("--seconds", 0.001...600, unit: "seconds")
    /// `principals assume-role --duration-seconds`: STS's bounds (the role's maximum is checked
    /// by the store).
    static let durationSeconds = NumericOption<Int>("--duration-seconds", 900...43_200, unit: "seconds")
    /// `serve --port`: 0 asks the system for a free port.
    static let port = NumericOption<Int>("--port", 0...65_535, unit: "(a TCP port)")
    /// `serve --threads`: event-loop threads.
    static let threads = NumericOption<Int>("--threads", 1...256, unit: "threads")
    /// `serve --max-header-bytes`: the largest header field, and all of a request's header fields.
    static let maxHeaderBytes = NumericOption<Int>("--max-header-bytes", 1_024...1_048_576, unit: "bytes")
    /// `serve --max-connections`: connections open at once, from all clients.
    static let maxConnections = NumericOption<Int>("--max-connections", 1...1_000_000, unit: "connections")
    /// `serve --max-connections-per-client`: connections open at once from one address.
    static let maxConnectionsPerClient = NumericOption<Int>(
        "--max-connections-per-client",
        1...1_000_000,
        unit: "connections"
    )
    /// `principals create-role --max-session-duration`: IAM's bounds for a role.
    static let maxSessionDuration = NumericOption<Int>("--max-session-duration", 3_600...43_200, unit: "seconds")
}
