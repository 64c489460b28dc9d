import Testing

@testable import GatehouseProcess

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Executable lookup: PATH's absolute folders only")
struct ExecutablePathTests {
    /// A fresh folder with an executable `name` in it.
    static func folder(with name: String, executable: Bool = true) throws -> String {
        var template = Array("/tmp/gatehouse-path-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        #expect(made != nil)
        let folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = folder + "/" + name
        let fd = open(path, O_CREAT | O_WRONLY, executable ? 0o755 : 0o644)
        #expect(fd >= 0)
        _ = "#!/bin/sh\necho planted\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        return folder
    }

    @Test("a bare name is found in an absolute PATH folder")
    func found() throws {
        let folder = try Self.folder(with: "gatehouse-fake-tool")
        #expect(
            ExecutablePath.resolve("gatehouse-fake-tool", searchPath: "/nonexistent:\(folder)") == folder
                + "/gatehouse-fake-tool"
        )
        #expect(ExecutablePath.resolve("sh", searchPath: "/bin") == "/bin/sh")
    }

    /// Every relative spelling of a folder that holds a planted `python3` (and of the current
    /// folder) is skipped: a planted program never wins over the real one.
    @Test("relative and empty PATH entries are never searched", arguments: ["", ".", "./", ":", "::", ".:", ":."])
    func relativeEntriesSkipped(extra: String) throws {
        let folder = try Self.folder(with: "python3")
        // The planted folder spelled relative to the current one (`../../tmp/gatehouse-path-…`).
        let cwd = getcwd(nil, 0)
        defer { free(cwd) }
        let depth = String(cString: cwd!).split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + folder.dropFirst()
        #expect(ExecutablePath.isExecutableFile(relative + "/python3"), "the relative spelling reaches the plant")
        for entry in [relative, relative + "/", "./" + relative, "\(relative):\(extra)", "\(extra):\(relative)"] {
            #expect(ExecutablePath.resolve("python3", searchPath: entry) == nil, "PATH=\(entry)")
            #expect(ExecutablePath.resolve("sh", searchPath: "\(entry):/bin") == "/bin/sh", "PATH=\(entry):/bin")
        }
    }

    @Test("names with a slash are paths; non-executables and folders are not programs")
    func pathsAndNonPrograms() throws {
        #expect(ExecutablePath.resolve("./python3", searchPath: "/bin") == "./python3")
        #expect(ExecutablePath.resolve("/usr/bin/env", searchPath: nil) == "/usr/bin/env")
        let plain = try Self.folder(with: "notexec", executable: false)
        #expect(ExecutablePath.resolve("notexec", searchPath: plain) == nil)
        #expect(ExecutablePath.resolve("tmp", searchPath: "/") == nil)
        #expect(ExecutablePath.resolve("", searchPath: "/bin") == nil)
    }
}
