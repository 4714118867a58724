import Foundation
import Logging
import ServiceKit
import Store
import Synchronization

/// The scheduler's work, shared by every replica through the database: claim what is due
/// (`claimDue`), run it (`execute`), record outcomes and alerts. The ticker drives it in real
/// time; tests drive `tick(now:)` with a manual clock.
public final class SchedulerEngine: Sendable {
    let jobs: JobStore
    let runs: RunStore
    let alerts: AlertStore
    let settings: SchedulerSettings
    let clock: any WallClock
    let logger: Logger
    let metrics: SchedulerMetrics
    private let dispatcher: RunDispatcher
    private let clients: TargetClients
    /// Runs this replica dispatched and has not recorded yet.
    let held = HeldRuns()
    /// Parsed schedules by "cron|timezone" (edits make new keys; the old ones are small).
    private let schedules = Mutex<[String: JobSchedule]>([:])

    /// What one pass claimed, and when the next tick of any job is due.
    public struct Pass: Sendable {
        public var claimed: [ClaimedRun]
        public var nextDue: Date?
    }

    /// An engine on `pool`, calling targets at the endpoints of `environment`.
    public init(
        pool: ConnectionPool,
        outbox: Outbox,
        alertTopic: String,
        environment: ServiceEnvironment,
        settings: SchedulerSettings,
        clock: any WallClock,
        metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger
    ) {
        self.metrics = SchedulerMetrics(metrics: metrics)
        jobs = JobStore(pool: pool)
        runs = RunStore(pool: pool)
        alerts = AlertStore(pool: pool, outbox: outbox, topic: alertTopic)
        self.settings = settings
        self.clock = clock
        self.logger = logger
        clients = TargetClients(environment: environment, logger: logger)
        dispatcher = RunDispatcher(clients: clients, timeout: settings.runTimeout)
    }

    /// Closes the bus clients.
    public func close() { clients.close() }

    /// The parsed schedule of a job; nil (logged) when its stored cron or time zone is unusable.
    func schedule(for job: JobRecord) -> JobSchedule? {
        let key = "\(job.cron)|\(job.timezone)"
        if let cached = schedules.withLock({ $0[key] }) { return cached }
        do {
            let schedule = try JobSchedule.validate(cron: job.cron, timezone: job.timezone, now: clock.now())
            schedules.withLock { $0[key] = schedule }
            return schedule
        } catch {
            logger.error("[\(job.name)] unusable schedule \"\(job.cron)\" in \(job.timezone): \(error)")
            return nil
        }
    }

    /// One pass at `now`: recovers expired leases, raises long-run alerts, claims due retries and
    /// due ticks. The caller dispatches the claimed runs (`execute`): each is handed to `onClaim`
    /// the moment it is claimed (then not returned in `Pass.claimed`), or returned with the pass.
    public func claimDue(now: Date, onClaim: (@Sendable (ClaimedRun) -> Void)? = nil) async throws -> Pass {
        for expired in try await runs.recoverExpired(now: now, held: held.all) {
            logger.error("[\(expired.job)] run \(expired.id.lowercasedString) timed out: no outcome before its lease ran out")
            metrics.run(job: expired.job, status: RunStatus.timed_out.rawValue)
            await checkFailureRate(job: expired.job, now: now)
        }
        for running in try await runs.longRunning(startedBefore: now.addingTimeInterval(-settings.alerts.longRun)) {
            let minutes = Int(now.timeIntervalSince(running.startedAt) / 60)
            await raiseLongRun(
                job: running.job,
                runId: running.id,
                message: "still running after \(minutes) min (limit \(Int(settings.alerts.longRun / 60)) min)",
                now: now
            )
        }
        var claimed = try await runs.claimRetries(now: now, lease: settings.lease)
        if let onClaim {
            claimed.forEach(onClaim)
            claimed = []
        }
        var nextDue: Date?
        var due: [JobRecord] = []
        for job in try await jobs.all() where job.enabled {
            guard let schedule = schedule(for: job), let next = schedule.next(after: job.scheduledThrough) else { continue }
            var upcoming = next
            if next <= now {
                due.append(job)
                upcoming = schedule.next(after: now) ?? next
            }
            nextDue = min(nextDue ?? upcoming, upcoming)
        }
        // Due jobs are claimed concurrently (each under its own row lock), so the last of many
        // jobs due on the same second is not held up by the others' round trips.
        claimed += await withTaskGroup(of: ClaimedRun?.self) { group in
            for job in due {
                group.addTask {
                    do {
                        let run = try await self.claimTicks(of: job, now: now).claimed
                        if let run, let onClaim {
                            onClaim(run)
                            return nil
                        }
                        return run
                    } catch {
                        self.logger.error("[\(job.name)] claiming its due tick failed: \(error)")
                        return nil
                    }
                }
            }
            var runs: [ClaimedRun] = []
            for await run in group { if let run { runs.append(run) } }
            return runs
        }
        return Pass(claimed: claimed, nextDue: nextDue)
    }

    private func claimTicks(of job: JobRecord, now: Date) async throws -> TickClaim {
        let claim = try await runs.claimTicks(job: job.name, now: now, lease: settings.lease, finishedHere: held.recordingOnly) { [self] locked in
            schedule(for: locked).map {
                TickPlanner.plan(schedule: $0, cursor: locked.scheduledThrough, now: now, catchUpWindow: locked.catchUpWindow)
            }
        }
        if claim.missed > 0 {
            logger.warning("[\(job.name)] \(claim.missed) tick(s) missed (outside the catch-up window of \(Int(job.catchUpWindow)) s)")
            metrics.run(job: job.name, status: RunStatus.missed.rawValue)
        }
        if let skipped = claim.skipped {
            logger.warning("[\(job.name)] tick \(Timestamps.format(skipped)) skipped: the previous run is still running (overlap skip)")
            metrics.run(job: job.name, status: RunStatus.skipped.rawValue)
        }
        return claim
    }

    /// Dispatches one claimed run, records the outcome (or the retry), raises alerts; returns the
    /// stored run (nil when the outcome could not be recorded within `outcomeRetryWindow`).
    ///
    /// The run's lease is renewed every `heartbeat` until its outcome is recorded, so it stays
    /// `running` however long the call takes, and runs out soon after this replica stops. An
    /// outcome the database does not take (it is down) is tried again with backoff until it is
    /// recorded, another replica declared the run timed out, or the window ends.
    @discardableResult
    public func execute(_ run: ClaimedRun, retry: RetryPolicy? = nil) async -> RunRecord? {
        held.dispatching(run.id)
        defer { held.release(run.id) }
        let heartbeat = Task { await keepLease(of: run) }
        defer { heartbeat.cancel() }
        let policy = retry ?? settings.retry
        let dispatchedAt = clock.now()
        if !run.manual, run.attempt == 1 { metrics.lag(job: run.job, seconds: dispatchedAt.timeIntervalSince(run.scheduledFor)) }
        logger.info(
            "[\(run.job)] dispatching to \(run.service) (\(run.manual ? "manual" : "tick \(Timestamps.format(run.scheduledFor))"), attempt \(run.attempt))"
        )
        let started = ContinuousClock.now
        let result = await dispatcher.dispatch(run)
        held.recording(run.id)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let durationMs = Int64(seconds * 1000)
        let now = clock.now()
        metrics.duration(job: run.job, seconds: seconds)
        let decision = policy.decide(result, attempt: run.attempt, now: now)
        var report: JobReport?
        if case .completed(let value) = result { report = value }
        guard let recorded = await recordOutcome(decision, of: run, report: report, durationMs: durationMs, now: now) else {
            logger.error(
                "[\(run.job)] gave up recording the outcome of run \(run.id.lowercasedString) after \(Int(settings.outcomeRetryWindow)) s; it is declared timed out once its lease has run out"
            )
            return nil
        }
        switch decision {
        case .finished(let status, let error):
            guard recorded else {
                logger.warning(
                    "[\(run.job)] run \(run.id.lowercasedString) was no longer running; its outcome \(status.rawValue) is not recorded"
                )
                return try? await runs.get(run.id)
            }
            metrics.run(job: run.job, status: status.rawValue)
            if let report {
                logger.info("[\(run.job)] Result: \(report.logText)")
                if status == .partial { logger.warning("[\(run.job)] partial: \(report.failed) item(s) failed") }
            } else {
                logger.error("[\(run.job)] failed: \(error)")
            }
            if settings.alerts.isLongRun(seconds) {
                await raiseLongRun(job: run.job, runId: run.id, message: "took \(Int(seconds)) s (limit \(Int(settings.alerts.longRun)) s)", now: now)
            }
            if status.isFailure { await checkFailureRate(job: run.job, now: now) }
        case .retry(let at, let error):
            metrics.run(job: run.job, status: RunStatus.retrying.rawValue)
            logger.warning("[\(run.job)] attempt \(run.attempt) failed: \(error); retrying at \(Timestamps.format(at))")
        }
        return try? await runs.get(run.id)
    }

    /// Writes `decision` for `run`; true when written, false when the run was no longer running
    /// (another replica declared it timed out), nil when the database did not take it within
    /// `outcomeRetryWindow`. Tries again after 50 ms, doubling up to 1 s, so an outcome is
    /// recorded within a second of the database coming back.
    private func recordOutcome(_ decision: RunDecision, of run: ClaimedRun, report: JobReport?, durationMs: Int64, now: Date) async -> Bool? {
        let giveUp = ContinuousClock.now + .milliseconds(Int64(settings.outcomeRetryWindow * 1000))
        var delay = Duration.milliseconds(50)
        var failures = 0
        while true {
            do {
                let written: Bool
                switch decision {
                case .finished(let status, let error):
                    written = try await runs.finish(run.id, status: status, report: report, error: error, durationMs: durationMs, now: now)
                case .retry(let at, let error):
                    written = try await runs.scheduleRetry(run.id, at: at, error: error, durationMs: durationMs)
                }
                if failures > 0 {
                    logger.notice("[\(run.job)] outcome of run \(run.id.lowercasedString) recorded after \(failures) failed attempt(s)")
                }
                return written
            } catch {
                failures += 1
                if failures == 1 {
                    logger.error(
                        "[\(run.job)] recording the outcome of run \(run.id.lowercasedString) failed (trying again until it is recorded): \(error)"
                    )
                }
                guard ContinuousClock.now + delay < giveUp else { return nil }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    /// Renews the lease of `run` every `heartbeat` until cancelled, or until the run is no
    /// longer running. A failed renewal (the database is away) is tried again at the next beat.
    private func keepLease(of run: ClaimedRun) async {
        let beat = Duration.milliseconds(Int64(max(0.01, settings.heartbeat) * 1000))
        while !Task.isCancelled {
            try? await Task.sleep(for: beat)
            guard !Task.isCancelled else { return }
            do {
                guard try await runs.renewLease(run.id, until: clock.now().addingTimeInterval(settings.lease)) else { return }
            } catch {
                logger.warning("[\(run.job)] renewing the lease of run \(run.id.lowercasedString) failed: \(error)")
            }
        }
    }

    /// One complete pass: claim, then dispatch every claimed run and wait for all (tests, tools).
    @discardableResult
    public func tick(now: Date) async throws -> [RunRecord] {
        let pass = try await claimDue(now: now)
        return await withTaskGroup(of: RunRecord?.self) { group in
            for run in pass.claimed { group.addTask { await self.execute(run) } }
            var records: [RunRecord] = []
            for await record in group { if let record { records.append(record) } }
            return records
        }
    }

    /// Runs `name` now and waits for its outcome (one attempt: the caller sees failures at once).
    public func runNow(_ name: String) async throws -> RunRecord {
        let job = try await jobs.get(name)
        let run = try await runs.startManual(job: job, now: clock.now(), lease: settings.lease)
        logger.info("[\(name)] manual run \(run.id.lowercasedString)")
        guard let record = await execute(run, retry: RetryPolicy(maxRetries: 0, delay: 0)) else {
            throw StoreError(kind: .other, message: "the outcome of run \(run.id.lowercasedString) could not be recorded")
        }
        return record
    }

    private func raiseLongRun(job: String, runId: UUID, message: String, now: Date) async {
        do {
            if let alert = try await alerts.raiseLongRun(job: job, runId: runId, message: message, now: now) {
                logger.error("[\(job)] ALERT long_run: run \(runId.lowercasedString) \(alert.message)")
            }
        } catch {
            logger.error("[\(job)] raising a long-run alert failed: \(error)")
        }
    }

    /// How many ticks the job's schedule has in `since...now`, counting at most `limit` (`.max`
    /// when its schedule is unusable: then only `minRuns` counts).
    private func scheduledRuns(of name: String, since: Date, now: Date, upTo limit: Int) async throws -> Int {
        guard let schedule = schedule(for: try await jobs.get(name)) else { return .max }
        var count = 0
        var after = since
        while count < limit, let tick = schedule.next(after: after), tick <= now {
            count += 1
            after = tick
        }
        return count
    }

    private func checkFailureRate(job: String, now: Date) async {
        let since = now.addingTimeInterval(-settings.alerts.window)
        do {
            let counts = try await runs.failureCounts(job: job, since: since)
            guard counts.failures > 0 else { return }
            let scheduled = try await scheduledRuns(of: job, since: since, now: now, upTo: settings.alerts.minRuns)
            guard settings.alerts.isFailureRateHigh(failures: counts.failures, total: counts.total, scheduledRuns: scheduled) else { return }
            let message = settings.alerts.failureRateMessage(failures: counts.failures, total: counts.total)
            if let alert = try await alerts.raiseFailureRate(job: job, message: message, since: since, now: now) {
                logger.error("[\(job)] ALERT failure_rate: \(alert.message)")
            }
        } catch {
            logger.error("[\(job)] checking the failure rate failed: \(error)")
        }
    }
}
