import GatehouseCore
import GatehouseStore
import IAMPolicy

/// A store in its own temporary data directory, on a manual clock that starts at a fixed instant
/// (nothing here depends on today's date). Call ``remove()`` in a `defer`.
struct StoreFixture {
    static let start = Timestamp(secondsSince1970: 1_768_471_200)  // 2026-01-15T10:00:00Z

    let directory: TemporaryDirectory
    let clock: ManualClock
    let store: SQLitePrincipalStore

    init() throws {
        directory = try TemporaryDirectory()
        clock = ManualClock(wall: Self.start)
        store = try SQLitePrincipalStore(dataDirectory: DataDirectory(directory.child("data")), clock: clock)
    }

    var dataDirectory: DataDirectory { DataDirectory(directory.child("data")) }

    /// A second store on the same database, as another process would open it.
    func secondInstance() throws -> SQLitePrincipalStore {
        try SQLitePrincipalStore(dataDirectory: dataDirectory, clock: clock)
    }

    func remove() { directory.remove() }

    static let invokeAll = try! PolicyText(
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}"#,
        kind: .identity
    )
    static let getOnly = try! PolicyText(
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*/*/GET/*"}]}"#,
        kind: .identity
    )
}
