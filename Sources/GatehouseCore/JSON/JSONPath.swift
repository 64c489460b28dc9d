/// A JSON path such as `$.Statement[1].Action`, spelled out only when read.
///
/// Every parsed value carries its path for error messages and lint findings. Kept as text, each
/// path would repeat its parent's: a long key above an array of many values is copied once per
/// value, and memory grows with the square of the input (a 300 KB policy took 9.8 GB). Kept as a
/// link to the parent's path and one step, a value's path costs one step, and the text is built
/// only when an error or a finding asks for it.
///
/// Keys are appended as written, after a `.`, without quoting — the spelling errors have always used.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable {
        /// A path given whole (the root `$`, or one built elsewhere).
        case text(String)
        case key(String)
        case index(Int)
    }

    /// A parent path, shared by all of its children (one allocation per container, not per value).
    final class Link: Sendable {
        let path: JSONPath
        init(_ path: JSONPath) { self.path = path }
    }

    let parent: Link?
    let step: Step

    /// The document's root, `$`.
    public static let root = JSONPath("$")

    /// A path given as text.
    public init(_ text: String) {
        parent = nil
        step = .text(text)
    }

    init(parent: Link?, step: Step) {
        self.parent = parent
        self.step = step
    }

    /// The paths of one container's members, sharing one link to the container.
    public struct Children: Sendable {
        let link: JSONPath.Link

        /// The path of the member named `key`.
        public func key(_ key: String) -> JSONPath { JSONPath(parent: link, step: .key(key)) }
        /// The path of the element at `index`.
        public func index(_ index: Int) -> JSONPath { JSONPath(parent: link, step: .index(index)) }
    }

    /// A factory for this container's member paths; make it once per container.
    public var children: Children { Children(link: Link(self)) }

    /// The path of the member named `key`.
    public func appending(key: String) -> JSONPath { children.key(key) }
    /// The path of the element at `index`.
    public func appending(index: Int) -> JSONPath { children.index(index) }

    /// The path as text, such as `$.Statement[1].Action`. Built on each read.
    public var description: String {
        var steps: [Step] = [step]
        var link = parent
        while let current = link {
            steps.append(current.path.step)
            link = current.path.parent
        }
        var text = ""
        for step in steps.reversed() {
            switch step {
            case .text(let whole): text += whole
            case .key(let key):
                text += "."
                text += key
            case .index(let index):
                text += "["
                text += String(index)
                text += "]"
            }
        }
        return text
    }

    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}
