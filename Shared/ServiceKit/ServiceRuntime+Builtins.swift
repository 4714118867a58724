import Bus
import Contracts
import Foundation

extension ServiceRuntime {
    /// Methods every service answers: Health, RunJob, Echo, Metrics, EventsSince.
    func registerBuiltins() {
        router.register("Health") { [self] (_: HealthRequest, _) in
            HealthReply(service: config.name, version: config.version, databaseReachable: await database.isReachable(),
                        uptimeSeconds: uptimeSeconds, instance: instance)
        }
        router.register("Echo") { (request: EchoRequest, context) in
            if request.sleepMs > 0 { try await Task.sleep(for: .milliseconds(min(request.sleepMs, 60_000))) }
            return EchoReply(text: request.text)
        }
        router.register("Metrics") { [self] (_: MetricsRequest, _) in
            metrics.record(pool: database.pool.stats)
            return MetricsReply(text: metrics.text())
        }
        router.register("EventsSince") { [self] (request: EventsSinceRequest, _) in
            let limit = Int(request.limit <= 0 ? 500 : min(request.limit, 5000))
            // The oldest kept first: an event pruned between the two reads then shows as missed.
            let oldest = try await outbox.oldestSequence(pool: database.pool)
            return EventsSinceReply(events: try await outbox.events(after: request.afterSequence, limit: limit, pool: database.pool),
                                    oldestSequence: oldest)
        }
        let jobs = Dictionary(definition.jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        router.register("RunJob") { [self] (request: RunJobRequest, context) in
            guard let job = jobs[request.job] else {
                throw RPCError.notFound("\(config.name) has no job \(request.job); it runs: \(jobs.keys.sorted().joined(separator: ", "))")
            }
            guard database.isReady else { throw RPCError(.unavailable, "database not ready") }
            let started = ContinuousClock.now
            context.logger.info("[\(job.name)] starting")
            var reply = try await job.run(request, JobContext(database: database.pool, clock: clock, logger: context.logger))
            reply.job = job.name
            reply.durationMs = Int64((ContinuousClock.now - started).components.seconds * 1000
                                     + (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)
            context.logger.info("[\(job.name)] Result: processed=\(reply.processed) failed=\(reply.failed) partial=\(reply.partial)")
            return reply
        }
    }
}
