import Foundation
import GatehouseStore
import Testing

@Suite struct DataDirectoryTests {
    @Test func createsTheDirectoryOwnerOnly() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = DataDirectory(temporary.child("nested/.gatehouse"))
        try directory.prepare()
        #expect(DataDirectory.mode(of: directory.path) == 0o700)
        // Preparing again leaves an existing directory as it is.
        try directory.prepare()
        #expect(DataDirectory.mode(of: directory.path) == 0o700)
    }

    @Test func refusesAFileWhereTheDirectoryShouldBe() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let file = temporary.child("plain")
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        #expect {
            try DataDirectory(file).prepare()
        } throws: { error in
            (error as? StoreError)?.code == .insecureDataDirectory && (error as? StoreError)?.part == "data directory"
        }
    }
}
