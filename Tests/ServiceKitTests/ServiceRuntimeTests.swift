import Bus
import Contracts
import Foundation
import Logging
import Synchronization
import TestSupport
import XCTest

@testable import ServiceKit

final class ServiceRuntimeTests: XCTestCase {
    /// How services (the scheduler, the gateway) call the built-ins.
    private let asService = CallOptions(principal: .service("tests"))

    func test_health_reportsNameAndReachableDatabase() async throws {
        try await withTestService { service in
            let health = try await service.client.call("Health", HealthRequest(), as: HealthReply.self)
            XCTAssertEqual(health.service, service.name)
            XCTAssertTrue(health.databaseReachable)
        }
    }

    func test_echo_refusesASleepOutsideItsRange_andAnswersWithinIt() async throws {
        try await withTestService { service in
            for sleep: Int64 in [-1, 60_001, .max] {
                let reply = await service.client.callRaw(
                    "Echo",
                    body: try EchoRequest(text: "x", sleepMs: sleep).serializedBytes(),
                    options: asService
                )
                XCTAssertEqual(reply.status, .invalidArgument, "sleepMs \(sleep)")
                XCTAssertEqual(reply.violations.map(\.field), ["sleepMs"])
            }
            let echoed = try await service.client.call("Echo", EchoRequest(text: "back", sleepMs: 1), as: EchoReply.self, options: asService)
            XCTAssertEqual(echoed.text, "back")
        }
    }

    func test_runJob_runsTheNamedJob_andUnknownJobIsNotFound() async throws {
        let job = Job("count-things") { _, context in
            let rows = try await context.database.query("SELECT 3 AS n")
            return RunJobReply(job: "", processed: try rows.first!.decode("n", as: Int64.self))
        }
        try await withTestService(jobs: [job]) { service in
            let reply = try await service.client.call("RunJob", RunJobRequest(job: "count-things"), as: RunJobReply.self, options: asService)
            XCTAssertEqual(reply.job, "count-things")
            XCTAssertEqual(reply.processed, 3)
            let unknown = await service.client.callRaw("RunJob", body: try RunJobRequest(job: "nope").serializedBytes(), options: asService)
            XCTAssertEqual(unknown.status, .notFound)
        }
    }

    func test_builtIns_refuseCallersWithoutAPrincipal_orWithoutAnOperatorRole() async throws {
        var ran = 0
        let counter = Mutex(0)
        let job = Job("count-things") { _, _ in
            counter.withLock { $0 += 1 }
            return RunJobReply(job: "", processed: 1)
        }
        try await withTestService(jobs: [job]) { service in
            let calls: [(String, [UInt8])] = [
                ("RunJob", try RunJobRequest(job: "count-things").serializedBytes()),
                ("EventsSince", try EventsSinceRequest(afterSequence: 0, limit: 1).serializedBytes()),
                ("Metrics", try MetricsRequest().serializedBytes()), ("Echo", try EchoRequest(text: "x").serializedBytes()),
            ]
            for (method, body) in calls {
                let anonymous = await service.client.callRaw(method, body: body)
                XCTAssertEqual(anonymous.status, .unauthenticated, method)
                let user = await service.client.callRaw(
                    method,
                    body: body,
                    options: CallOptions(principal: Principal(subject: "u-1", roles: ["user"]))
                )
                XCTAssertEqual(user.status, .permissionDenied, method)
                let admin = await service.client.callRaw(
                    method,
                    body: body,
                    options: CallOptions(principal: Principal(subject: "a-1", roles: ["admin"]))
                )
                XCTAssertEqual(admin.status, .ok, method)
            }
            ran = counter.withLock { $0 }
            XCTAssertEqual(ran, 1, "only the admin's RunJob ran the job")
            let health = await service.client.callRaw("Health", body: try HealthRequest().serializedBytes())
            XCTAssertEqual(health.status, .ok, "Health answers anyone (a liveness probe)")
        }
    }

    func test_beforeItsDatabaseIsMigrated_aServiceAnswersOnlyHealth_andAsksTheRestToComeBack() async throws {
        let name = "t-" + UUID().uuidString.prefix(8).lowercased()
        let prefix = ServiceEndpoints.envPrefix(name)
        // Nothing listens on this database URL: bootstrap would wait, and the schema never arrives.
        let config = ServiceConfig(
            name: name,
            environment: ServiceEnvironment([
                "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/postgres",
                "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc", "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            ])
        )
        let runtime = try ServiceRuntime(
            definition: ServiceDefinition(
                name: name,
                migrationsDirectory: nil,
                register: { runtime in
                    runtime.router.register("Touch") { (_: EchoRequest, _) in EchoReply(text: "touched the database") }
                }
            ),
            config: config,
            logger: Logger(label: name)
        )
        try await withStarted(
            runtime,
            stop: { runtime in
                await runtime.server.stop()
                runtime.publisher.close()
                await runtime.database.pool.close()
            }
        ) { runtime in
            runtime.server.start()
            try await withClosing(try RPCClient(service: name, urls: [config.rpcURL], logger: Logger(label: name))) { client in
                // The client sends it again until its deadline (nothing was done), then shows the refusal.
                let touch = await client.callRaw(
                    "Touch",
                    body: try EchoRequest(text: "x").serializedBytes(),
                    options: CallOptions(principal: .service("tests"), timeout: .milliseconds(400))
                )
                XCTAssertEqual(touch.status, .unavailable)
                XCTAssertEqual(touch.reason, "STARTING")
                let health = try await client.call("Health", HealthRequest(), as: HealthReply.self)
                XCTAssertFalse(health.databaseReachable)
            }
        }
    }

    func test_metrics_countRequestsByMethodAndStatus() async throws {
        try await withTestService { service in
            _ = try await service.client.call("Health", HealthRequest(), as: HealthReply.self)
            _ = await service.client.callRaw("Missing", body: [])
            let metrics = try await service.client.call("Metrics", MetricsRequest(), as: MetricsReply.self, options: asService)
            XCTAssertTrue(metrics.text.contains(#"rpc_requests_total{method="Health",status="OK"}"#), metrics.text)
            XCTAssertTrue(metrics.text.contains(#"status="UNIMPLEMENTED""#), metrics.text)
            XCTAssertTrue(metrics.text.contains("rpc_request_duration_seconds"))
            XCTAssertTrue(metrics.text.contains("db_pool_size"))
        }
    }
}

final class IdempotencyTests: XCTestCase {
    func test_repeatedIdempotencyKey_returnsTheFirstReply_andRunsOnce() async throws {
        let runs = Counter()
        try await withTestService(register: { runtime in
            runtime.registerIdempotent("Bump") { (request: EchoRequest, _) in
                runs.increment()
                if request.text == "refuse" { throw RPCError.invalidArgument("refused") }
                return EchoReply(text: "run \(runs.value)")
            }
        }) { service in
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
        }
    }
}
