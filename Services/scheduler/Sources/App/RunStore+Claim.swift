import Bus
import Foundation
import Store

extension RunStore {
    /// Claims the due ticks of `job` at `now`: under the job row's lock, re-reads the cursor, asks
    /// `plan` what is due, records missed ticks, inserts the tick's run row (the claim: the unique
    /// index `(job, scheduled_for)` lets exactly one replica insert it) and moves the cursor.
    ///
    /// `finishedHere` are runs of this replica whose dispatch has ended and whose outcome it is
    /// still trying to record (the database was down): they do not hold up the next tick.
    public func claimTicks(
        job name: String,
        now: Date,
        lease: TimeInterval,
        finishedHere: [UUID] = [],
        plan: @escaping @Sendable (JobRecord) -> TickPlan?
    ) async throws -> TickClaim {
        try await pool.transaction { tx in
            let rows = try await tx.query("SELECT \(JobStore.columns) FROM jobs WHERE name = \(name) AND enabled FOR UPDATE")
            guard let row = rows.first else { return TickClaim(claimed: nil, skipped: nil, missed: 0) }
            let job = try JobStore.record(row)
            guard let plan = plan(job), plan.through > job.scheduledThrough else { return TickClaim(claimed: nil, skipped: nil, missed: 0) }
            if !plan.missed.isEmpty {
                let note = "no scheduler ran this tick within the job's catch-up window"
                _ = try await tx.execute(
                    """
                    INSERT INTO runs (id, job, scheduled_for, trigger, status, finished_at, error)
                    SELECT gen_random_uuid(), \(name), tick, 'schedule', 'missed', \(now), \(note)
                    FROM unnest(\(plan.missed)::timestamptz[]) AS tick
                    ON CONFLICT (job, scheduled_for) WHERE trigger = 'schedule' DO NOTHING
                    """
                )
            }
            var claim = TickClaim(claimed: nil, skipped: nil, missed: plan.missed.count + plan.unrecordedMissed)
            if let tick = plan.run {
                let busy =
                    job.overlap == .skip
                    ? try await tx.query(
                        """
                        SELECT id FROM runs WHERE job = \(name) AND status = 'running' AND id <> ALL(\(finishedHere)::uuid[]) LIMIT 1
                        """
                    ).first
                    : nil
                let id = UUID.random()
                if let busy {
                    let running: UUID = try busy.decode("id")
                    let note = "skipped: run \(running.lowercasedString) was still running (overlap skip)"
                    let inserted = try await tx.execute(
                        """
                        INSERT INTO runs (id, job, scheduled_for, trigger, status, finished_at, error)
                        VALUES (\(id), \(name), \(tick), 'schedule', 'skipped', \(now), \(note))
                        ON CONFLICT (job, scheduled_for) WHERE trigger = 'schedule' DO NOTHING
                        """
                    )
                    if inserted == 1 { claim.skipped = tick }
                } else {
                    let inserted = try await tx.query(
                        """
                        INSERT INTO runs (id, job, scheduled_for, trigger, status, attempt, lease_until, started_at)
                        VALUES (\(id), \(name), \(tick), 'schedule', 'running', 1, \(now.addingTimeInterval(lease)), \(now))
                        ON CONFLICT (job, scheduled_for) WHERE trigger = 'schedule' DO NOTHING
                        RETURNING id
                        """
                    )
                    if !inserted.isEmpty {
                        claim.claimed = ClaimedRun(id: id, job: name, service: job.service, scheduledFor: tick, attempt: 1, manual: false)
                    }
                }
            }
            _ = try await tx.execute("UPDATE jobs SET scheduled_through = \(plan.through) WHERE name = \(name)")
            return claim
        }
    }

    /// Starts a manual run of `job` now; with overlap `skip`, refused while a run is running.
    public func startManual(job: JobRecord, now: Date, lease: TimeInterval) async throws -> ClaimedRun {
        try await pool.transaction { tx in
            _ = try await tx.query("SELECT name FROM jobs WHERE name = \(job.name) FOR UPDATE")
            if job.overlap == .skip,
                let busy = try await tx.query("SELECT id FROM runs WHERE job = \(job.name) AND status = 'running' LIMIT 1").first
            {
                throw SchedulerError.alreadyRunning(job: job.name, runId: try busy.decode("id", as: UUID.self).lowercasedString)
            }
            let id = UUID.random()
            _ = try await tx.execute(
                """
                INSERT INTO runs (id, job, scheduled_for, trigger, status, attempt, lease_until, started_at)
                VALUES (\(id), \(job.name), \(now), 'manual', 'running', 1, \(now.addingTimeInterval(lease)), \(now))
                """
            )
            return ClaimedRun(id: id, job: job.name, service: job.service, scheduledFor: now, attempt: 1, manual: true)
        }
    }

    /// Claims runs whose retry is due (each by one replica: `FOR UPDATE SKIP LOCKED`), as a new attempt.
    public func claimRetries(now: Date, lease: TimeInterval, limit: Int = 50) async throws -> [ClaimedRun] {
        let rows = try await pool.query(
            """
            UPDATE runs r SET status = 'running', attempt = r.attempt + 1, next_retry_at = NULL,
                              lease_until = \(now.addingTimeInterval(lease)), started_at = \(now)
            FROM jobs j
            WHERE j.name = r.job AND r.id IN (
                SELECT id FROM runs WHERE status = 'retrying' AND next_retry_at <= \(now)
                ORDER BY next_retry_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING r.id, r.job, j.service, r.scheduled_for, r.attempt, r.trigger
            """
        )
        return try rows.map { row in
            let trigger: String = try row.decode("trigger")
            return ClaimedRun(
                id: try row.decode("id"),
                job: try row.decode("job"),
                service: try row.decode("service"),
                scheduledFor: try row.decode("scheduled_for"),
                attempt: try row.decode("attempt"),
                manual: trigger == "manual"
            )
        }
    }

    /// Runs left `running` past their lease (the replica that dispatched them stopped renewing it):
    /// they become `timed_out`; each is returned once, to the replica that recovered it. `held`
    /// are this replica's own runs (dispatching, or recording their outcome): it knows they are
    /// alive although a database outage kept it from renewing their leases.
    public func recoverExpired(now: Date, held: [UUID] = []) async throws -> [(id: UUID, job: String)] {
        let rows = try await pool.query(
            """
            UPDATE runs SET status = 'timed_out', finished_at = \(now), lease_until = NULL,
                            duration_ms = (extract(epoch FROM (\(now)::timestamptz - started_at)) * 1000)::bigint,
                            error = 'no outcome recorded before the lease ran out (the dispatching scheduler stopped?)'
            WHERE id IN (SELECT id FROM runs WHERE status = 'running' AND lease_until < \(now) AND id <> ALL(\(held)::uuid[])
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, job
            """
        )
        return try rows.map { (try $0.decode("id"), try $0.decode("job")) }
    }

    /// Runs still running that started before `startedBefore` and have no long-run alert yet.
    public func longRunning(startedBefore: Date) async throws -> [(id: UUID, job: String, startedAt: Date)] {
        let rows = try await pool.query(
            """
            SELECT r.id, r.job, r.started_at FROM runs r
            WHERE r.status = 'running' AND r.started_at < \(startedBefore)
              AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.run_id = r.id AND a.kind = 'long_run')
            """
        )
        return try rows.map { (try $0.decode("id"), try $0.decode("job"), try $0.decode("started_at")) }
    }
}
