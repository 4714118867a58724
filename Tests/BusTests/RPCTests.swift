import Contracts
import Foundation
import Logging
import ProtoBridge
import TestSupport
import XCTest

@testable import Bus

final class RPCTests: XCTestCase {
    private struct Boom: Error {}

    /// Serves a router `setup` fills, runs `body` with a client of it, then closes the client and
    /// stops the server, also when `body` throws.
    private func withServer(
        _ logs: CapturedLogs = CapturedLogs(),
        maxMessageSize: Int = 1 << 20,
        _ setup: (RPCRouter) -> Void,
        body: (RPCClient) async throws -> Void
    ) async throws {
        let url = RPCTestSupport.ipcURL()
        let router = RPCRouter(logger: RPCTestSupport.logger(logs))
        setup(router)
        let server = try RPCServer(
            url: url,
            router: router,
            maxMessageSize: maxMessageSize,
            maxConcurrent: 64,
            logger: RPCTestSupport.logger(logs)
        )
        try await withServing(server) { _ in
            try await withClosing(
                try RPCClient(
                    service: "test",
                    urls: [url],
                    maxMessageSize: maxMessageSize,
                    logger: RPCTestSupport.logger(logs)
                ),
                body
            )
        }
    }

    func test_call_roundTripsTypedMessages() async throws {
        try await withServer { router in
            router.register("Echo") { (request: EchoRequest, context) in
                EchoReply(text: "\(request.text) from \(context.principal.subject) (\(context.requestId))")
            }
        } body: { client in
            let reply = try await client.call(
                "Echo",
                EchoRequest(text: "hi"),
                as: EchoReply.self,
                options: CallOptions(principal: Principal(subject: "u1"), requestId: "r-9")
            )
            XCTAssertEqual(reply.text, "hi from u1 (r-9)")
        }
    }

    func test_64ConcurrentCalls_areServedInParallel() async throws {
        let counter = InFlightCounter()
        try await withServer { router in
            router.register("Slow") { (request: EchoRequest, _) in
                counter.enter()
                defer { counter.leave() }
                try await Task.sleep(for: .milliseconds(50))
                return EchoReply(text: request.text)
            }
        } body: { client in
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        try await client.call(
                            "Slow",
                            EchoRequest(text: "\(index)"),
                            as: EchoReply.self,
                            options: CallOptions(timeout: .seconds(30))
                        ).text
                    }
                }
                var answers = Set<String>()
                for try await text in group { answers.insert(text) }
                XCTAssertEqual(answers.count, 64)
            }
            XCTAssertGreaterThanOrEqual(counter.peak, 16, "the handler never had 16 calls in flight at once")
        }
    }

    func test_callPastItsDeadline_returnsDeadlineExceeded() async throws {
        try await withServer { router in
            router.register("Slow") { (request: EchoRequest, _) in
                try await Task.sleep(for: .milliseconds(request.sleepMs))
                return EchoReply(text: request.text)
            }
        } body: { client in
            let reply = await client.callRaw(
                "Slow",
                body: try EchoRequest(text: "x", sleepMs: 2000).serializedBytes(),
                options: CallOptions(timeout: .milliseconds(100))
            )
            XCTAssertEqual(reply.status, .deadlineExceeded)
            // The client still works after the late reply arrives.
            let ok = try await client.call("Slow", EchoRequest(text: "y", sleepMs: 0), as: EchoReply.self)
            XCTAssertEqual(ok.text, "y")
        }
    }

    func test_unknownMethod_returnsUnimplemented() async throws {
        try await withServer { _ in
        } body: { client in
            let reply = await client.callRaw("Nope", body: [])
            XCTAssertEqual(reply.status, .unimplemented)
            XCTAssertTrue(reply.message.contains("Nope"))
        }
    }

    func test_malformedEnvelope_getsInvalidArgument_andServiceKeepsServing() async throws {
        let url = RPCTestSupport.ipcURL()
        let logs = CapturedLogs()
        let router = RPCRouter(logger: RPCTestSupport.logger(logs))
        router.register("Echo") { (request: EchoRequest, _) in EchoReply(text: request.text) }
        try await withServing(try RPCServer(url: url, router: router, maxMessageSize: 1 << 20, maxConcurrent: 8, logger: RPCTestSupport.logger(logs)))
        { _ in
            let raw = try Requester(urls: [url], logger: RPCTestSupport.logger(logs))
            defer { raw.close() }
            let answer = try await raw.request([0xFF, 0xFF, 0xFF, 0x01, 0x02], timeout: .seconds(5))
            XCTAssertEqual(try Reply(serializedBytes: answer).status, .invalidArgument)
            XCTAssertTrue(logs.contains("malformed envelope"))
            let client = try RPCClient(service: "test", urls: [url], logger: RPCTestSupport.logger(logs))
            defer { client.close() }
            let stillHere = try await client.call("Echo", EchoRequest(text: "still here"), as: EchoReply.self)
            XCTAssertEqual(stillHere.text, "still here")
        }
    }

    func test_malformedBody_getsInvalidArgument() async throws {
        try await withServer { router in
            router.register("Echo") { (request: EchoRequest, _) in EchoReply(text: request.text) }
        } body: { client in
            let reply = await client.callRaw("Echo", body: [0x0A, 0x50, 0x01])
            XCTAssertEqual(reply.status, .invalidArgument)
        }
    }

    func test_oversizedMessage_isRefusedWithAClearLogLine() async throws {
        let logs = CapturedLogs()
        try await withServer(logs, maxMessageSize: 64 << 10) { router in
            router.register("Echo") { (request: EchoRequest, _) in EchoReply(text: request.text) }
        } body: { client in
            let big = EchoRequest(text: String(repeating: "x", count: 100 << 10))
            let reply = await client.callRaw("Echo", body: try big.serializedBytes())
            XCTAssertEqual(reply.status, .resourceExhausted)
            XCTAssertTrue(logs.all.contains { $0.contains("refusing") && $0.contains("limit") }, "\(logs.all)")
            let small = try await client.call("Echo", EchoRequest(text: "small"), as: EchoReply.self)
            XCTAssertEqual(small.text, "small")
        }
    }

    func test_domainErrors_keepTheirCode_unknownErrorsBecomeBareInternal() async throws {
        let logs = CapturedLogs()
        try await withServer(logs) { router in
            router.register("Refuse") { (_: EchoRequest, _) -> EchoReply in
                throw RPCError.invalidArgument("bad amount", [FieldViolation(field: "amount", description: "must be positive")])
            }
            router.register("Crash") { (_: EchoRequest, _) -> EchoReply in throw Boom() }
        } body: { client in
            let refused = await client.callRaw("Refuse", body: [])
            XCTAssertEqual(refused.status, .invalidArgument)
            XCTAssertEqual(refused.violations, [FieldViolation(field: "amount", description: "must be positive")])
            let crashed = await client.callRaw("Crash", body: [])
            XCTAssertEqual(crashed.status, .internal)
            XCTAssertEqual(crashed.message, "internal error")
            XCTAssertTrue(logs.contains("Boom"), "the real error is logged")
        }
    }

    func test_noResponder_isUnavailableUnreachable_atTheDeadline() async throws {
        let client = try RPCClient(service: "nobody", urls: [RPCTestSupport.ipcURL()], logger: RPCTestSupport.logger())
        defer { client.close() }
        let reply = await client.callRaw("Health", body: [], options: CallOptions(timeout: .milliseconds(200)))
        XCTAssertEqual(reply.status, .unavailable)
        XCTAssertEqual(reply.reason, RPCClient.unreachableReason)
    }
}
