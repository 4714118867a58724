import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import Synchronization

/// Takes due jobs from the queue and runs up to `concurrency` at once, until graceful shutdown:
/// then it takes no more, lets the running attempts finish (each is bounded by the job timeout)
/// and, if cancelled outright, puts the unfinished ones back in the queue.
public struct ClaimWorker: Service {
    let queue: ClaimQueue
    let executor: ClaimExecutor
    let settings: ClaimerSettings
    let database: ServiceDatabase
    let name: String
    let logger: Logger
    let metrics: ClaimMetrics
    let recorder: OutcomeRecorder

    public init(
        queue: ClaimQueue,
        executor: ClaimExecutor,
        settings: ClaimerSettings,
        database: ServiceDatabase,
        name: String,
        logger: Logger,
        metrics: ServiceMetrics = ServiceMetrics()
    ) {
        self.queue = queue
        self.executor = executor
        self.settings = settings
        self.database = database
        self.name = name
        self.logger = logger
        self.metrics = ClaimMetrics(metrics: metrics)
        self.recorder = OutcomeRecorder(queue: queue)
    }

    public func run() async throws {
        guard settings.workersEnabled else { return }
        try? await database.waitUntilReady()
        let slots = SlotCounter(capacity: settings.concurrency)
        let batchThreshold = max(1, settings.concurrency / 2)
        logger.info("claim worker \(name): \(settings.concurrency) slots, job timeout \(settings.jobTimeout)")
        await withDiscardingTaskGroup { group in
            var lastMaintenance = ContinuousClock.now - .seconds(3600)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                if ContinuousClock.now - lastMaintenance > .seconds(1) {
                    await maintain()
                    lastMaintenance = .now
                }
                // Take in batches: with more than half the slots busy, give them up to 10 ms to
                // free (each take is a statement; one per job would double the queue's work).
                var free = slots.free
                if free < batchThreshold {
                    await slots.waitForFree(atLeast: batchThreshold, timeout: .milliseconds(10))
                    free = slots.free
                }
                guard free > 0 else {
                    await slots.waitForFree(timeout: settings.pollInterval)
                    continue
                }
                let jobs: [TakenJob]
                do {
                    jobs = try await queue.take(limit: free, lease: settings.lease, worker: name)
                } catch {
                    logger.warning("taking jobs failed: \(error)")
                    try? await Task.sleep(for: settings.pollInterval)
                    continue
                }
                if jobs.isEmpty {
                    try? await Task.sleep(for: settings.pollInterval)
                    continue
                }
                for job in jobs {
                    slots.acquire()
                    group.addTask {
                        await process(job)
                        slots.release()
                    }
                }
            }
            logger.info("claim worker \(name) stopping: waiting for \(settings.concurrency - slots.free) running jobs")
        }
        logger.info("claim worker \(name) stopped")
    }

    /// Runs one attempt and records it; a job interrupted by cancellation goes back to the queue.
    func process(_ job: TakenJob) async {
        var admittedAt: Int64?
        if let limit = settings.rateLimit {
            do {
                guard let at = try await queue.admit(job, limit: limit) else {
                    metrics.rateLimited()
                    return
                }
                admittedAt = at
            } catch {
                logger.warning("rate limit check for job \(job.id) failed: \(error)")
                await releaseDetached(job)
                return
            }
        }
        let result = await executor.attempt(job)
        if Task.isCancelled {
            await releaseDetached(job)
            return
        }
        let resolution = JobResolution.resolve(
            result,
            attempts: job.attempts,
            policy: settings.retryPolicy,
            jitter: Double.random(in: 0..<1)
        )
        do {
            let recorded = try await recorder.record(FinishedAttempt(job: job, resolution: resolution, attemptedAtMicros: admittedAt))
            if !recorded { logger.warning("job \(job.id): lease lost before the outcome was recorded; another worker runs it") }
            metrics.record(resolution)
            if resolution.state == .dead { logger.error("job \(job.id) (user \(job.userId)) is dead: \(resolution.lastError)") }
        } catch {
            // The lease runs out and another worker takes the job again.
            logger.error("recording job \(job.id) failed: \(error)")
        }
    }

    /// Releases outside the cancelled task (its statements would be cancelled with it).
    func releaseDetached(_ job: TakenJob) async {
        let queue = queue
        let logger = logger
        await Task.detached {
            do { try await queue.release(job) } catch { logger.warning("releasing job \(job.id) failed: \(error); its lease will run out") }
        }.value
    }

    /// Lost leases back to the queue, old admissions out.
    func maintain() async {
        do {
            let recovered = try await queue.recoverExpiredLeases(maxAttempts: settings.maxAttempts)
            if recovered > 0 { logger.warning("\(recovered) jobs of lost workers are back in the queue") }
            if let limit = settings.rateLimit { try await queue.pruneAdmissions(olderThan: limit.window) }
        } catch {
            logger.warning("queue maintenance failed: \(error)")
        }
    }
}
