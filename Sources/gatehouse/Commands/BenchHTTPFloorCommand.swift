import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// `gatehouse bench-http-floor`: Hummingbird alone, on one event-loop thread, answering
/// `GET /floor` with a small JSON body — what `make bench-http` loads beside `serve` to show how
/// much of the gap to nginx is the HTTP server the gateway is built on, not the gateway.
/// Hidden: a benchmark's instrument, not a feature. It prints `bench-http-floor port N` once bound and serves
/// until it is stopped.
struct BenchHTTPFloorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-http-floor",
        abstract: "Serve a bare Hummingbird route on one thread (the floor for make bench-http).",
        shouldDisplay: false
    )

    func run() async throws {
        let router = Router()
        let body = ByteBuffer(string: #"{"ok":true}"#)
        router.get("/floor") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                // Unbuffered: the benchmark script reads the port from a pipe.
                FileHandle.standardOutput.write(Data("bench-http-floor port \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup(numberOfThreads: 1))
        )
        try await app.runService()
    }
}
