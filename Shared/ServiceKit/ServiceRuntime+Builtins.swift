import Bus
import Contracts
import Foundation

extension ServiceRuntime {
    /// The longest `Echo` may be asked to wait (tests of deadlines and slow calls).
    static let echoSleepLimitMs: Int64 = 60_000

    /// Roles that may call the operational built-ins (`Echo`, `Metrics`, `EventsSince`, `RunJob`).
    static let operatorRoles = ["service", "admin"]

    /// Methods every service answers: Health (anyone: a liveness answer), and RunJob, Echo,
    /// Metrics, EventsSince for services and admins only — never for a caller without a principal.
    func registerBuiltins() {
        router.register(PlatformMethods.health) { [self] (_: HealthRequest, _) in
            HealthReply(
                service: config.name,
                version: config.version,
                databaseReachable: await database.isReachable(),
                uptimeSeconds: uptimeSeconds,
                instance: instance
            )
        }
        router.register(PlatformMethods.echo) { (request: EchoRequest, context) in
            try context.require(anyOf: Self.operatorRoles)
            guard (0...Self.echoSleepLimitMs).contains(request.sleepMs) else {
                throw RPCError.invalidArgument(
                    "invalid request",
                    [FieldViolation(field: "sleepMs", description: "must be between 0 and \(Self.echoSleepLimitMs)")]
                )
            }
            // Never past the caller's deadline: nobody waits for the reply after it, and the
            // call would hold one of the server's slots for nothing.
            var sleep = Duration.milliseconds(request.sleepMs)
            if let remaining = context.remaining { sleep = min(sleep, max(remaining, .zero)) }
            if sleep > .zero { try await Task.sleep(for: sleep) }
            return EchoReply(text: request.text)
        }
        router.register(PlatformMethods.metrics) { [self] (_: MetricsRequest, context) in
            try context.require(anyOf: Self.operatorRoles)
            return MetricsReply(text: metricsText())
        }
        router.register(PlatformMethods.eventsSince) { [self] (request: EventsSinceRequest, context) in
            try context.require(anyOf: Self.operatorRoles)
            let limit = Int(request.limit <= 0 ? 500 : min(request.limit, 5000))
            // The oldest kept first: an event pruned between the two reads then shows as missed.
            let oldest = try await outbox.oldestSequence(pool: database.pool)
            return EventsSinceReply(
                events: try await outbox.events(after: request.afterSequence, limit: limit, pool: database.pool),
                oldestSequence: oldest
            )
        }
        let jobs = Dictionary(definition.jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        router.register(PlatformMethods.runJob) { [self] (request: RunJobRequest, context) in
            try context.require(anyOf: Self.operatorRoles)
            guard let job = jobs[request.job] else {
                throw RPCError.notFound("\(config.name) has no job \(request.job); it runs: \(jobs.keys.sorted().joined(separator: ", "))")
            }
            guard database.isReady else { throw RPCError(.unavailable, "database not ready") }
            let started = ContinuousClock.now
            context.logger.info("[\(job.name)] starting")
            var reply = try await job.run(request, JobContext(database: database.pool, clock: clock, logger: context.logger))
            reply.job = job.name
            reply.durationMs = Int64(
                (ContinuousClock.now - started).components.seconds * 1000
                    + (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000
            )
            context.logger.info("[\(job.name)] Result: processed=\(reply.processed) failed=\(reply.failed) partial=\(reply.partial)")
            return reply
        }
    }
}
