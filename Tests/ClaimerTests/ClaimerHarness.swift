import Bus
import Claimer
import Contracts
import Foundation
import Logging
import ProtoBridge
import ServiceLifecycle
import Store
import TestSupport

@testable import ServiceKit

/// The real claimer in-process: its own schema and ipc endpoints against the test Postgres, the
/// mock platform, and (when asked) its workers running as the service would run them.
final class ClaimerHarness: Sendable {
    let service: InProcessService
    let platform: MockPromoPlatform
    let logs: LogCapture
    let definition: ServiceDefinition
    private let workers: ServiceGroup?
    private let workerTask: Task<Void, any Error>?

    var runtime: ServiceRuntime { service.runtime }
    var pool: ConnectionPool { service.runtime.database.pool }

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    /// A fixed test key (id `test1`); never a real secret.
    static let encryptionKey = "test1:" + Data(repeating: 7, count: 32).base64EncodedString()
    static let admin = Principal(subject: "adm-1", roles: ["admin"])
    static let markets = Principal.service("markets")
    static func user(_ id: String) -> Principal { Principal(subject: id, roles: ["user"]) }

    /// Fast retries and polling so tests finish quickly; the rate limit is off unless `extra` sets it.
    static let defaults = [
        "CLAIMER_ENCRYPTION_KEY": encryptionKey, "CLAIM_POLL_INTERVAL_MS": "20", "CLAIM_RETRY_BASE_DELAY_MS": "50",
        "CLAIM_RETRY_MAX_DELAY_MS": "200", "CLAIMS_PER_MINUTE_PER_USER": "0", "CLAIM_JOB_TIMEOUT": "5000",
        "CLAIM_LEASE_MARGIN_MS": "500", "CLAIM_AUTO_ENQUEUE": "false",
    ]

    private init(service: InProcessService, definition: ServiceDefinition, platform: MockPromoPlatform, logs: LogCapture, workers: ServiceGroup?) {
        self.service = service
        self.definition = definition
        self.platform = platform
        self.logs = logs
        self.workers = workers
        workerTask = workers.map { group in Task { try await group.run() } }
    }

    static func start(
        extra: [String: String] = [:],
        workers: Bool = false,
        slowDelay: Duration = .seconds(2),
        promoCodes: ActivePromoCodes = ActivePromoCodes { [] },
        codeInventory: String = "code-inventory"
    ) async throws -> ClaimerHarness {
        let name = "cl-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(
            name: name,
            databaseURL: databaseURL,
            poolSize: 8,
            extra: defaults.merging(extra) { _, new in new }
        )
        let platform = MockPromoPlatform(slowDelay: slowDelay)
        let logs = LogCapture()
        var logger = Logger(label: name) { _ in logs.handler() }
        logger.logLevel = .trace
        let definition = try ClaimerService.makeDefinition(
            name: name,
            environment: environment,
            platform: platform,
            promoCodes: promoCodes,
            codeInventory: codeInventory
        )
        let service = try await InProcessService.start(
            definition: definition,
            environment: environment,
            clock: SystemClock(),
            logger: logger
        )
        var group: ServiceGroup?
        if workers {
            group = ServiceGroup(
                configuration: .init(
                    services: definition.background(service.runtime).map { .init(service: $0, successTerminationBehavior: .ignore) },
                    logger: Logger(label: "workers") { _ in SwiftLogNoOpLogHandler() }
                )
            )
        }
        return ClaimerHarness(service: service, definition: definition, platform: platform, logs: logs, workers: group)
    }

    /// Graceful shutdown of the workers (they finish what runs), then the service.
    func stop() async {
        await stopWorkers()
        await service.stop(dropSchema: true)
    }

    /// Another replica's background services (workers, consumers) on this claimer's schema,
    /// running until `body` returns.
    func withReplica<Result>(_ body: () async throws -> Result) async throws -> Result {
        let group = ServiceGroup(
            configuration: .init(
                services: definition.background(runtime).map { .init(service: $0, successTerminationBehavior: .ignore) },
                logger: Logger(label: "replica") { _ in SwiftLogNoOpLogHandler() }
            )
        )
        let task = Task { try await group.run() }
        return try await withStarted(
            group,
            stop: {
                await $0.triggerGracefulShutdown()
                _ = try? await task.value
            }
        ) { _ in try await body() }
    }

    func stopWorkers() async {
        await workers?.triggerGracefulShutdown()
        _ = try? await workerTask?.value
    }

    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        principal: Principal = admin
    ) async throws -> Response {
        try await service.call(method, request, as: Response.self, principal: principal)
    }

    func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal = admin) async throws -> Reply {
        try await service.reply(method, request, principal: principal)
    }

    /// Submits `codes` for `user` with `apiKey`, as the user.
    @discardableResult
    func submit(_ user: String, key: String = "key-\(UUID().uuidString)", codes: [String]) async throws -> EnqueueReply {
        try await call("SubmitClaim", SubmitClaimRequest(userId: user, apiKey: key, codes: codes), principal: Self.user(user))
    }

    /// Waits (polling, at most `seconds`) until the user has no job waiting or running.
    func waitUntilSettled(_ user: String, seconds: Double = 30) async throws -> ClaimStatusReply {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let status: ClaimStatusReply = try await call("ClaimStatus", ClaimStatusRequest(userId: user))
            if status.queued + status.delayed + status.active == 0 || Date() > deadline { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func history(_ user: String) async throws -> [ClaimRecord] {
        let reply: ClaimHistoryReply = try await call("ClaimHistory", ClaimHistoryRequest(userId: user, limit: 500))
        return reply.records
    }

    func count(_ sql: SQL) async throws -> Int {
        try await pool.query(sql)[0].decode("n")
    }
}

/// Starts the claimer, runs `body` with it and stops it (workers first, then the service, dropping
/// its schema), also when `body` throws.
@discardableResult
func withClaimer<Result>(
    extra: [String: String] = [:],
    workers: Bool = false,
    slowDelay: Duration = .seconds(2),
    promoCodes: ActivePromoCodes = ActivePromoCodes { [] },
    codeInventory: String = "code-inventory",
    _ body: (ClaimerHarness) async throws -> Result
) async throws -> Result {
    let claimer = try await ClaimerHarness.start(
        extra: extra,
        workers: workers,
        slowDelay: slowDelay,
        promoCodes: promoCodes,
        codeInventory: codeInventory
    )
    return try await withStarted(claimer, stop: { await $0.stop() }, body)
}
