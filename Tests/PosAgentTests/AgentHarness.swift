import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport
import XCTest

@testable import PosAgent

extension AgentIntervals {
    /// Production behaviour with test-sized timings.
    static var fast: AgentIntervals {
        var intervals = AgentIntervals()
        intervals.amountPoll = .milliseconds(20)
        intervals.discountPoll = .milliseconds(50)
        intervals.consumeTimeout = .milliseconds(600)
        intervals.consumeCheck = .milliseconds(10)
        intervals.backoffMax = .milliseconds(300)
        intervals.requestTimeout = .seconds(2)
        return intervals
    }
}

/// The real agent (real services, real async-http-client, real HTTP server) against a `StubBackend`,
/// with a temporary EXCHANGE_DIR; the test plays 1C by writing and deleting files there.
final class AgentHarness: Sendable {
    let stub: StubBackend
    let directory: URL
    let runtime: AgentRuntime
    let logs: LogRecorder
    private let client: BackendClient
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let boundPort = BoundPort()

    var state: AgentState { runtime.state }
    var amountFile: URL { directory.appendingPathComponent("amount.json") }
    var discountFile: URL { directory.appendingPathComponent("discount.txt") }
    var stateFile: AgentStateFile { runtime.store.file }
    var port: Int { boundPort.value.withLock { $0 } }

    /// `prepare` runs on the exchange directory before the agent starts (e.g. to leave a discount.txt behind).
    /// Passing the `stub` and `directory` of an agent stopped with `stopAgent()` restarts "the same till".
    init(
        intervals: AgentIntervals = .fast,
        apiKey: String = StubBackend.apiKey,
        stub: StubBackend? = nil,
        directory: URL? = nil,
        stateFile: URL? = nil,
        prepare: (URL) throws -> Void = { _ in }
    ) async throws {
        let backend = stub ?? StubBackend()
        if stub == nil { try await backend.start() }
        self.stub = backend
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
            try prepare(self.directory)
        } catch {
            // The agent never started: only the stub this harness started is left to stop.
            if stub == nil { await backend.stop() }
            throw error
        }
        logs = LogRecorder()
        let config = AgentConfig(
            storeId: backend.storeId,
            storeName: "Test shop",
            backendURL: backend.url,
            apiKey: apiKey,
            exchangeDirectory: self.directory,
            stateFile: stateFile,
            port: 0,
            intervals: intervals
        )
        client = BackendClient(baseURL: config.backendURL, apiKey: apiKey, timeout: intervals.requestTimeout)
        runtime = AgentRuntime(config: config, backend: client, logger: logs.logger())
        runtime.recoverAtStart()
        group = ServiceGroup(
            services: runtime.services(onServerRunning: { [boundPort] port in boundPort.value.withLock { $0 = port } }),
            logger: Logger(label: "pos-agent-test-group")
        )
        task = Task { [group] in try await group.run() }
    }

    /// Waits for the agent's HTTP server to be listening.
    func waitUntilListening() async throws {
        try await eventually("the agent's HTTP server listens") { port != 0 }
    }

    /// SIGTERM's path: graceful shutdown of the group; returns when every service has stopped.
    func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    func triggerShutdown() async { await group.triggerGracefulShutdown() }
    func waitForExit() async throws { try await task.value }

    /// Stops the agent like SIGTERM and leaves the stub backend and EXCHANGE_DIR as they are, for a restart.
    func stopAgent() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
        try await client.shutdown()
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? await client.shutdown()
        await stub.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func writeAmount(_ json: String) throws {
        // 1C's way is not atomic; the agent must cope, but tests write whole files to stay deterministic.
        try Data(json.utf8).write(to: amountFile, options: .atomic)
    }

    var discountText: String? { (try? Data(contentsOf: discountFile)).map { String(decoding: $0, as: UTF8.self) } }

    /// `GET` on the agent's own HTTP server: status, headers' CORS value, JSON object.
    func get(_ path: String) async throws -> (status: Int, cors: String?, json: [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
        return (Int(response.status.code), response.headers.first(name: "access-control-allow-origin"), json)
    }
}

/// Starts the agent (`AgentHarness(…)`), runs `body` with it and stops it — the agent, its stub
/// backend and its EXCHANGE_DIR — also when `body` throws.
@discardableResult
func withAgent<Result>(
    intervals: AgentIntervals = .fast,
    apiKey: String = StubBackend.apiKey,
    stub: StubBackend? = nil,
    directory: URL? = nil,
    stateFile: URL? = nil,
    prepare: (URL) throws -> Void = { _ in },
    _ body: (AgentHarness) async throws -> Result
) async throws -> Result {
    let agent = try await AgentHarness(intervals: intervals, apiKey: apiKey, stub: stub, directory: directory, stateFile: stateFile, prepare: prepare)
    return try await withStarted(agent, stop: { await $0.stop() }, body)
}
