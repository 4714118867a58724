import Bus
import Contracts
import Foundation
import Logging
import ProtoBridge
import Store
import TestSupport

@testable import Scheduler
@testable import ServiceKit

/// The real scheduler in-process (schema, role, migrations, admin methods; no ticker: tests drive
/// `tick(now:)`), every job's target service pointed at one fake, and a manual clock at a fixed
/// start with every job's cursor moved there.
struct SchedulerHarness {
    let service: InProcessService
    let clock: ManualClock
    let target: FakeTarget
    let environment: ServiceEnvironment
    let engine: SchedulerEngine

    var runtime: ServiceRuntime { service.runtime }
    var pool: ConnectionPool { runtime.database.pool }
    var name: String { service.name }

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    /// 2026-01-01T00:00:00Z, a Thursday.
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600)
    static let admin = Principal(subject: "adm-1", roles: ["admin"])
    static let targets = ["markets", "code-inventory", "loyalty", "scheduler"]

    /// `extra` overrides settings (`SCHEDULER_RETRY_DELAY_MS`, …); `targetURL` replaces the fake's endpoint.
    static func start(extra: [String: String] = [:], targetURL: String? = nil) async throws -> SchedulerHarness {
        let name = "sch-" + UUID().uuidString.prefix(8).lowercased()
        let target = try FakeTarget()
        var values = Dictionary(uniqueKeysWithValues: targets.map { ("\(ServiceEndpoints.envPrefix($0))_RPC_URL", targetURL ?? target.url) })
        values["SCHEDULER_RUN_TIMEOUT_MS"] = "2000"
        values.merge(extra) { _, new in new }
        let environment = InProcessService.environment(name: name, databaseURL: databaseURL, poolSize: 6, extra: values)
        let clock = ManualClock(epoch)
        let service: InProcessService
        do {
            service = try await InProcessService.start(
                definition: SchedulerService.makeDefinition(name: name, environment: environment, ticker: false),
                environment: environment,
                clock: clock
            )
        } catch {
            await target.stop()
            throw error
        }
        do {
            try await JobStore(pool: service.runtime.database.pool).resetCursors(to: epoch)
        } catch {
            await target.stop()
            await service.stop(dropSchema: true)
            throw error
        }
        let engine = SchedulerService.engine(
            pool: service.runtime.database.pool,
            name: name,
            environment: environment,
            clock: clock,
            logger: Self.quietLogger(name)
        )
        return SchedulerHarness(service: service, clock: clock, target: target, environment: environment, engine: engine)
    }

    static func quietLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }

    /// Another replica: its own connection pool on the same schema, the same clock and targets.
    func replica() -> (engine: SchedulerEngine, database: ServiceDatabase) {
        let database = ServiceDatabase(config: ServiceConfig(name: name, environment: environment), logger: Self.quietLogger(name))
        let engine = SchedulerService.engine(
            pool: database.pool,
            name: name,
            environment: environment,
            clock: clock,
            logger: Self.quietLogger(name)
        )
        return (engine, database)
    }

    /// Disables every job but `keep`.
    func only(_ keep: [String]) async throws {
        _ = try await pool.execute("UPDATE jobs SET enabled = (name = ANY(\(keep)))")
    }

    func stop() async {
        engine.close()
        await target.stop()
        await service.stop(dropSchema: true)
    }

    /// A typed call as admin (or `principal`); a non-OK reply throws `RPCError`.
    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        principal: Principal = admin
    ) async throws -> Response {
        try await service.call(method, request, as: Response.self, principal: principal)
    }

    /// Status counts of a job's runs.
    func statuses(_ job: String) async throws -> [String: Int] {
        let rows = try await pool.query("SELECT status, count(*) AS n FROM runs WHERE job = \(job) GROUP BY status")
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode("status", as: String.self), try $0.decode("n", as: Int.self)) })
    }

    func outboxTopics() async throws -> [String] {
        try await pool.query("SELECT topic FROM outbox ORDER BY created").map { try $0.decode("topic", as: String.self) }
    }
}

/// Starts the scheduler and its fake target, runs `body` with them and stops both (dropping the
/// schema), also when `body` throws.
@discardableResult
func withScheduler<Result>(
    extra: [String: String] = [:],
    targetURL: String? = nil,
    _ body: (SchedulerHarness) async throws -> Result
) async throws -> Result {
    try await withStarted(try await SchedulerHarness.start(extra: extra, targetURL: targetURL), stop: { await $0.stop() }, body)
}

extension SchedulerHarness {
    /// Another replica (`replica()`) for `body`; its engine and pool are closed afterwards, also when `body` throws.
    @discardableResult
    func withReplica<Result>(_ body: ((engine: SchedulerEngine, database: ServiceDatabase)) async throws -> Result) async throws -> Result {
        try await withStarted(
            replica(),
            stop: { replica in
                replica.engine.close()
                await replica.database.pool.close()
            },
            body
        )
    }
}
