import SigV4
import Testing

/// SigV4Error keeps where it was thrown for developers, and only for them.
@Suite struct SigV4ErrorTests {
    @Test func sourceLocationIsForDebuggingOnly() {
        let line = #line + 1
        let error = SigV4Error(.invalidDate, "the date `x` is not ISO 8601")
        #expect(error.file == #fileID && error.line == line)
        #expect(error.description == "invalidDate: the date `x` is not ISO 8601")
        #expect(!error.description.contains(".swift") && !error.message.contains(".swift"))
        #expect(String(reflecting: error) == "invalidDate: the date `x` is not ISO 8601 (at \(#fileID):\(line))")
        #expect("\(error)" == error.description)
    }

    @Test func equalityIgnoresLocationAndMessage() {
        let first = SigV4Error(.invalidDate, "a")
        let second = SigV4Error(.invalidDate, "b")
        #expect(first == second && first.line != second.line)
        #expect(Set([first, second]).count == 1)
        #expect(first != SigV4Error(.missingHost, "a"))
    }
}
