import Foundation
import Store

extension ClaimQueue {
    /// Asks the user's sliding window whether `job` may run now. The user's limiter row is locked
    /// while deciding, so admissions from every process are serialized and counted exactly; the
    /// clock is read after the lock, so admission times never go backwards. Over the limit, the
    /// job is delayed to the first moment it may run. Returns the admission time (µs) or nil.
    ///
    /// Within a user, slots go by priority (lower first) then age, not to whichever worker locks
    /// the row first: the user's better jobs still waiting for a slot (`waitingAhead`) count as if
    /// admitted now, so a job is admitted only when a slot is left after all of them. The best
    /// of those that a free slot awaits are made due at once, so no slot idles until their run_at.
    public func admit(_ job: TakenJob, limit: RateLimit) async throws -> Int64? {
        try await pool.blockingTransaction { tx in
            try tx.execute("INSERT INTO rate_limiters (user_id) VALUES (\(job.userId)) ON CONFLICT DO NOTHING")
            let locked = try tx.query(
                """
                SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us
                FROM rate_limiters WHERE user_id = \(job.userId) FOR UPDATE
                """
            )
            let now: Int64 = try locked[0].decode("now_us")
            let recent: [Int64] = try tx.query(
                """
                SELECT admitted_us FROM rate_admissions
                WHERE user_id = \(job.userId) AND admitted_us > \(limit.horizon(now: now))
                """
            ).map { try $0.decode("admitted_us") }
            let ahead: [Int64] = try tx.query(Self.waitingAhead(job)).map { try $0.decode("id") }
            let free = max(0, limit.limit - limit.inWindow(recent, now: now))
            if free > 0 {
                // The free slots belong to the best waiting jobs: make those due now.
                try tx.execute(
                    """
                    UPDATE jobs SET run_at = clock_timestamp()
                    WHERE id = ANY(\(Array(ahead.prefix(free)))::bigint[]) AND state = 'delayed' AND run_at > clock_timestamp()
                    """
                )
            }
            switch limit.decide(admissions: recent + Array(repeating: now, count: ahead.count), now: now) {
            case .admit:
                try tx.execute(
                    """
                    WITH admitted AS (
                        INSERT INTO rate_admissions (user_id, admitted_us, job_id) VALUES (\(job.userId), \(now), \(job.id)) RETURNING job_id)
                    UPDATE jobs SET waits_for_rate = false WHERE id IN (SELECT job_id FROM admitted) AND waits_for_rate
                    """
                )
                return now
            case .delay(let until):
                try tx.execute(
                    """
                    UPDATE jobs SET state = 'delayed', run_at = to_timestamp(\(until)::float8 / 1000000), waits_for_rate = true,
                        lease_until = NULL, lease_token = NULL, updated_at = clock_timestamp()
                    WHERE id = \(job.id) AND lease_token = \(job.leaseToken)
                    """
                )
                return nil
            }
        }
    }

    /// Ids of the user's jobs ranked before `job` (priority, then age) that wait for a slot, best
    /// first: due ones, ones delayed by the rate limit whatever their run_at, and taken ones not yet
    /// admitted under their current lease (a worker is about to ask; a lost worker's job waits for
    /// its lease to run out, then is due again). Jobs in a retry backoff or a platform delay are not
    /// waiting for a slot and do not hold one back.
    static func waitingAhead(_ job: TakenJob) -> SQL {
        """
        WITH me AS (SELECT priority, created_at, id FROM jobs WHERE id = \(job.id))
        SELECT j.id FROM jobs j, me
        WHERE j.user_id = \(job.userId) AND j.id <> me.id AND (j.priority, j.created_at, j.id) < (me.priority, me.created_at, me.id)
          AND ((j.state IN ('queued', 'delayed') AND (j.run_at <= clock_timestamp() OR j.waits_for_rate))
               OR (j.state = 'active' AND NOT EXISTS (
                   SELECT 1 FROM rate_admissions a
                   WHERE a.user_id = j.user_id AND a.job_id = j.id
                     AND a.admitted_us >= (extract(epoch FROM j.updated_at) * 1000000)::bigint)))
        ORDER BY j.priority, j.created_at, j.id
        """
    }
}
