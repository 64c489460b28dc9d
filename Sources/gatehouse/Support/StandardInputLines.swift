#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of standard input for the batch modes, each held to a limit while it is read.
///
/// `readLine` keeps a whole line in memory before anyone can judge its length: one line of
/// 300 MB without a newline took 627 MB, and a stdin that never sends one grows without bound.
/// This reader keeps at most `maxBytes + 1` bytes of a line and skips the rest of a longer line
/// up to its newline, so memory stays bounded whatever arrives; the caller sees a line longer
/// than `maxBytes` (and refuses it) while later lines are read as usual.
struct StandardInputLines {
    /// The longest line kept whole; a longer line comes back as its first `maxBytes + 1` bytes.
    let maxBytes: Int
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0
    private var finished = false

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// The next line without its `\n` (or `\r\n`), bytes decoded as UTF-8 with invalid sequences
    /// replaced (as `readLine` does); nil at the end of input.
    mutating func next() -> String? {
        var line: [UInt8] = []
        var started = false
        while true {
            if start == end {
                if finished || !fill() {
                    return started ? Self.decode(line) : nil
                }
            }
            started = true
            if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                keep(buffer[start..<newline], in: &line)
                start = newline + 1
                return Self.decode(line)
            }
            keep(buffer[start..<end], in: &line)
            start = end
        }
    }

    /// Appends what still fits under the limit (one byte past it, so the caller can tell).
    private func keep(_ bytes: ArraySlice<UInt8>, in line: inout [UInt8]) {
        let room = maxBytes + 1 - line.count
        guard room > 0 else { return }
        line.append(contentsOf: bytes.prefix(room))
    }

    /// Reads the next piece of stdin; false at its end (or on a read error).
    private mutating func fill() -> Bool {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count > 0 {
                start = 0
                end = count
                return true
            }
            if count < 0 && errno == EINTR { continue }
            finished = true
            return false
        }
    }

    private static func decode(_ line: [UInt8]) -> String {
        var bytes = line[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
