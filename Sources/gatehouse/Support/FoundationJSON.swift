import Foundation
import GatehouseCore

/// The CLI's reports (`[String: Any]` built from Foundation and Swift values) as the Core JSON
/// value model, for ``JSONWriter``: the bytes `JSONSerialization` printed with `.sortedKeys` and
/// `.withoutEscapingSlashes`, kept identical because scripts and the interop tests compare them.
///
/// Keys are sorted as Foundation sorts them (`.numeric`, `.caseInsensitive`, `.forcedOrdering`
/// in the system locale: `"9"` before `"10"`, `"a"` before `"B"`); numbers are written as
/// Foundation writes them (integers as digits, a `Double` as its shortest text without a trailing
/// `.0`); `JSONSerialization`'s numbers are told apart by their C type, so a parsed `true` stays
/// a boolean and a parsed `1` a number.
enum FoundationJSON {
    static let keyOrder: String.CompareOptions = [.numeric, .caseInsensitive, .forcedOrdering]

    /// `object` as a JSON value; `nil` for what JSON cannot hold (a non-finite number, a type that
    /// is not a JSON type), where `JSONSerialization` refused too.
    static func value(_ object: Any) -> JSONValue? {
        switch object {
        case let text as String: return .string(text)
        case is NSNull: return .null
        case let dictionary as [String: Any]:
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(dictionary.count)
            let keys = dictionary.keys.sorted {
                $0.compare($1, options: keyOrder, range: $0.startIndex..<$0.endIndex, locale: NSLocale.system as Locale)
                    == .orderedAscending
            }
            for key in keys {
                guard let member = dictionary[key].flatMap(value) else { return nil }
                members.append((key, member))
            }
            return .members(members)
        case let array as [Any]:
            var elements: [JSONValue] = []
            elements.reserveCapacity(array.count)
            for element in array {
                guard let converted = value(element) else { return nil }
                elements.append(converted)
            }
            return .elements(elements)
        case let text as Substring: return .string(String(text))
        default: break
        }
        // Swift's own scalars by their exact type (a Bool is not a number, an Int8 not a Bool) ...
        switch object {
        case let flag as Bool where type(of: object) == Bool.self: return .bool(flag)
        case let number as Double where type(of: object) == Double.self: return double(number)
        case let number as Float where type(of: object) == Float.self:
            return double(Double(number), text: number.description)
        case let number as any BinaryInteger where !(type(of: object) is NSNumber.Type):
            return .number(String(describing: number))
        default: break
        }
        // ... then Foundation's numbers (what `JSONSerialization.jsonObject` returns) by their C type.
        guard let number = object as? NSNumber else { return nil }
        switch String(cString: number.objCType) {
        case "c", "B": return .bool(number.boolValue)
        case "f", "d": return double(number.doubleValue)
        case "Q", "L", "I", "S", "C": return .integer(number.uint64Value)
        default: return .integer(number.int64Value)
        }
    }

    /// A finite number as Foundation writes it: Swift's shortest text, `100` for `100.0`.
    private static func double(_ number: Double, text: String? = nil) -> JSONValue? {
        guard number.isFinite else { return nil }
        var text = text ?? number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}
