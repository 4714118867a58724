import Bus
import Contracts
import Foundation
import XCTest
@testable import ServiceKit

final class ServiceRuntimeTests: XCTestCase {
    func test_health_reportsNameAndReachableDatabase() async throws {
        let service = try await TestService.start()
        let health = try await service.client.call("Health", HealthRequest(), as: HealthReply.self)
        XCTAssertEqual(health.service, service.name)
        XCTAssertTrue(health.databaseReachable)
        await service.stop()
    }

    func test_echo_refusesASleepOutsideItsRange_andAnswersWithinIt() async throws {
        let service = try await TestService.start()
        for sleep: Int64 in [-1, 60_001, .max] {
            let reply = await service.client.callRaw("Echo", body: try EchoRequest(text: "x", sleepMs: sleep).serializedBytes())
            XCTAssertEqual(reply.status, .invalidArgument, "sleepMs \(sleep)")
            XCTAssertEqual(reply.violations.map(\.field), ["sleepMs"])
        }
        let echoed = try await service.client.call("Echo", EchoRequest(text: "back", sleepMs: 1), as: EchoReply.self)
        XCTAssertEqual(echoed.text, "back")
        await service.stop()
    }

    func test_runJob_runsTheNamedJob_andUnknownJobIsNotFound() async throws {
        let job = Job("count-things") { _, context in
            let rows = try await context.database.query("SELECT 3 AS n")
            return RunJobReply(job: "", processed: try rows.first!.decode("n", as: Int64.self))
        }
        let service = try await TestService.start(jobs: [job])
        let reply = try await service.client.call("RunJob", RunJobRequest(job: "count-things"), as: RunJobReply.self)
        XCTAssertEqual(reply.job, "count-things")
        XCTAssertEqual(reply.processed, 3)
        let unknown = await service.client.callRaw("RunJob", body: try RunJobRequest(job: "nope").serializedBytes())
        XCTAssertEqual(unknown.status, .notFound)
        await service.stop()
    }

    func test_metrics_countRequestsByMethodAndStatus() async throws {
        let service = try await TestService.start()
        _ = try await service.client.call("Health", HealthRequest(), as: HealthReply.self)
        _ = await service.client.callRaw("Missing", body: [])
        let metrics = try await service.client.call("Metrics", MetricsRequest(), as: MetricsReply.self)
        XCTAssertTrue(metrics.text.contains(#"rpc_requests_total{method="Health",status="OK"}"#), metrics.text)
        XCTAssertTrue(metrics.text.contains(#"status="UNIMPLEMENTED""#), metrics.text)
        XCTAssertTrue(metrics.text.contains("rpc_request_duration_seconds"))
        XCTAssertTrue(metrics.text.contains("db_pool_size"))
        await service.stop()
    }
}

final class IdempotencyTests: XCTestCase {
    func test_repeatedIdempotencyKey_returnsTheFirstReply_andRunsOnce() async throws {
        let runs = Counter()
        let service = try await TestService.start { runtime in
            runtime.registerIdempotent("Bump") { (request: EchoRequest, _) in
                runs.increment()
                if request.text == "refuse" { throw RPCError.invalidArgument("refused") }
                return EchoReply(text: "run \(runs.value)")
            }
        }
        let options = CallOptions(principal: Principal(subject: "u1"), idempotencyKey: "key-1")
        let first = try await service.client.call("Bump", EchoRequest(text: "a"), as: EchoReply.self, options: options)
        let second = try await service.client.call("Bump", EchoRequest(text: "a"), as: EchoReply.self, options: options)
        XCTAssertEqual(first.text, "run 1")
        XCTAssertEqual(second, first)
        XCTAssertEqual(runs.value, 1)

        let refuse = CallOptions(principal: Principal(subject: "u1"), idempotencyKey: "key-2")
        let r1 = await service.client.callRaw("Bump", body: try EchoRequest(text: "refuse").serializedBytes(), options: refuse)
        let r2 = await service.client.callRaw("Bump", body: try EchoRequest(text: "refuse").serializedBytes(), options: refuse)
        XCTAssertEqual(r1.status, .invalidArgument)
        XCTAssertEqual(r2.status, .invalidArgument)
        XCTAssertEqual(runs.value, 2, "the refused call ran once; its retry got the stored refusal")

        let other = CallOptions(principal: Principal(subject: "u2"), idempotencyKey: "key-1")
        let stolen = await service.client.callRaw("Bump", body: try EchoRequest(text: "a").serializedBytes(), options: other)
        XCTAssertEqual(stolen.status, .failedPrecondition, "another caller cannot read someone else's reply")
        await service.stop()
    }
}
