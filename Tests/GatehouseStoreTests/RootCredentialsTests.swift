import Foundation
import GatehouseCrypto
import GatehouseStore
import SigV4
import Testing

@Suite("Root credentials")
struct RootCredentialsTests {
    @Test func generatedOnceIntoAPrivateFile() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = DataDirectory(temporary.child("data"))
        let first = try RootCredentials.resolve(dataDirectory: directory, environment: [:])
        let path = directory.file(RootCredentials.fileName)
        #expect(first.source == .file(path: path, created: true))
        #expect(DataDirectory.mode(of: path) == 0o600)
        #expect(first.credentials.accessKeyId.hasPrefix("AKIA"))
        #expect(first.notice.contains(path))
        #expect(!first.notice.contains(first.credentials.secretAccessKey.revealed))
        // The second start reads the same key; nothing else is left in the directory.
        let second = try RootCredentials.resolve(dataDirectory: directory, environment: [:])
        #expect(second.source == .file(path: path, created: false))
        #expect(second.credentials == first.credentials)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [RootCredentials.fileName])
    }

    @Test func environmentWinsAndMustBeComplete() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = DataDirectory(temporary.child("data"))
        let environment = [
            RootCredentials.accessKeyIdVariable: "AKIAROOTROOTROOT1234",
            RootCredentials.secretAccessKeyVariable: "root/secret/with+plus0123456789",
        ]
        let root = try RootCredentials.resolve(dataDirectory: directory, environment: environment)
        #expect(root.source == .environment)
        #expect(root.credentials.accessKeyId == "AKIAROOTROOTROOT1234")
        #expect(!FileManager.default.fileExists(atPath: directory.file(RootCredentials.fileName)))
        for (variable, _) in environment {
            var partial = environment
            partial[variable] = nil
            #expect {
                try RootCredentials.resolve(dataDirectory: directory, environment: partial)
            } throws: { error in
                let error = error as? StoreError
                // The error names the variable that is missing.
                return error?.code == .invalidInput && error?.part == variable
            }
        }
        var bad = environment
        bad[RootCredentials.accessKeyIdVariable] = "short"
        #expect {
            try RootCredentials.resolve(dataDirectory: directory, environment: bad)
        } throws: { error in
            (error as? StoreError)?.part == RootCredentials.accessKeyIdVariable
        }
    }
}
