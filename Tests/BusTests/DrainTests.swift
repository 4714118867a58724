import Contracts
import Foundation
import Logging
import ProtoBridge
import Synchronization
import TestSupport
import XCTest

@testable import Bus

/// A server stopped (SIGTERM) with requests queued: the ones it had taken are answered, the rest
/// are refused as draining and sent again by the client, to the successor when there is one.
final class DrainTests: XCTestCase {
    /// Which server handled which request texts.
    final class Handled: Sendable {
        private let texts = Mutex<[String]>([])
        func add(_ text: String) { texts.withLock { $0.append(text) } }
        var all: [String] { texts.withLock { $0 } }
    }

    private func server(_ name: String, url: String, handled: Handled) throws -> RPCServer {
        let router = RPCRouter(logger: RPCTestSupport.logger())
        router.register("Slow") { (request: EchoRequest, _) in
            try await Task.sleep(for: .milliseconds(200))
            handled.add(request.text)
            return EchoReply(text: "\(name):\(request.text)")
        }
        return try RPCServer(url: url, router: router, maxMessageSize: 1 << 20, maxConcurrent: 2, logger: RPCTestSupport.logger())
    }

    private static func callAll(_ client: RPCClient, count: Int, timeout: Duration) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            for index in 0..<count {
                group.addTask {
                    await client.callRaw("Slow", body: try EchoRequest(text: "r\(index)").serializedBytes(), options: CallOptions(timeout: timeout))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    func test_stopWithQueuedRequests_answersThemAll_theSuccessorTakesTheLateOnes() async throws {
        let url = RPCTestSupport.ipcURL()
        let first = Handled()
        let second = Handled()
        try await withServing(try server("old", url: url, handled: first)) { old in
            let client = try RPCClient(service: "test", urls: [url], logger: RPCTestSupport.logger())
            defer { client.close() }
            async let replies = Self.callAll(client, count: 10, timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(100))
            await old.stop()
            let successor = try server("new", url: url, handled: second)
            successor.start()
            // Not `withServing`: a closure cannot capture the `async let`.
            let answered: [Reply]
            do {
                answered = try await replies
            } catch {
                await successor.stop()
                throw error
            }
            await successor.stop()

            XCTAssertEqual(answered.map(\.status), Array(repeating: .ok, count: 10), "no call waited out its deadline or was dropped")
            XCTAssertFalse(first.all.isEmpty, "the old server answered what it had taken")
            XCTAssertEqual((first.all + second.all).sorted(), (0..<10).map { "r\($0)" }.sorted(), "each request ran exactly once")
        }
    }

    func test_stopWithoutSuccessor_answersWhatItTook_andTheRestLearnItWasNotSent() async throws {
        let url = RPCTestSupport.ipcURL()
        let handled = Handled()
        try await withServing(try server("old", url: url, handled: handled)) { old in
            let client = try RPCClient(service: "test", urls: [url], logger: RPCTestSupport.logger())
            defer { client.close() }
            async let replies = Self.callAll(client, count: 10, timeout: .seconds(2))
            try await Task.sleep(for: .milliseconds(100))
            await old.stop()
            let answered = try await replies

            let ok = answered.filter { $0.status == .ok }
            XCTAssertEqual(ok.count, handled.all.count, "every request the server ran was answered")
            XCTAssertGreaterThan(ok.count, 0)
            for reply in answered where reply.status != .ok {
                XCTAssertEqual(reply.status, .unavailable, "never a deadline: \(reply.message)")
                XCTAssertTrue([RPCServer.drainingReason, RPCClient.unreachableReason].contains(reply.reason), reply.reason)
            }
        }
    }

    func test_connectionLostMidCall_failsAtOnce_asUnavailable() async throws {
        let url = RPCTestSupport.ipcURL()
        let router = RPCRouter(logger: RPCTestSupport.logger())
        router.register("Hang") { (_: EchoRequest, _) in
            try await Task.sleep(for: .seconds(30))
            return EchoReply(text: "late")
        }
        let responder = try Responder(url: url, maxConcurrent: 4, logger: RPCTestSupport.logger()) { await router.handle($0) }
        responder.start()
        let client = try RPCClient(service: "test", urls: [url], logger: RPCTestSupport.logger())
        defer { client.close() }
        async let reply = client.callRaw("Hang", body: try EchoRequest(text: "x").serializedBytes(), options: CallOptions(timeout: .seconds(20)))
        try await Task.sleep(for: .milliseconds(200))
        // The process dying closes its sockets: the call cannot be answered any more.
        responder.closeImmediately()
        let answered = try await reply
        XCTAssertEqual(answered.status, .unavailable, answered.message)
        XCTAssertEqual(answered.reason, RPCClient.connectionLostReason)
    }
}
