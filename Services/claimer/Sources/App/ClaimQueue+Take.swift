import Foundation
import Store

extension ClaimQueue {
    /// Leases up to `limit` due jobs (priority, then due time, then age) to `worker` for `lease`;
    /// `FOR UPDATE SKIP LOCKED` keeps concurrent workers off each other's jobs.
    public func take(limit: Int, lease: Duration, worker: String) async throws -> [TakenJob] {
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return try await pool.blockingTransaction { tx in
            let rows = try tx.query(
                """
                WITH picked AS (
                    SELECT id FROM jobs
                    WHERE state IN ('queued', 'delayed') AND run_at <= clock_timestamp()
                    ORDER BY priority, run_at, id
                    LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                UPDATE jobs j SET state = 'active',
                    lease_until = clock_timestamp() + make_interval(secs => \(seconds)::float8),
                    lease_token = \(worker) || '/' || gen_random_uuid()::text, last_worker = \(worker),
                    updated_at = clock_timestamp()
                FROM picked WHERE j.id = picked.id
                RETURNING j.id, j.user_id, j.code, j.priority, j.attempts, j.lease_token,
                    (extract(epoch FROM j.updated_at) * 1000000)::bigint AS taken_us,
                    (SELECT k.key_id FROM api_keys k WHERE k.user_id = j.user_id) AS key_id,
                    (SELECT k.sealed FROM api_keys k WHERE k.user_id = j.user_id) AS sealed,
                    EXISTS (SELECT 1 FROM claim_history h
                            WHERE h.user_id = j.user_id AND h.code = j.code AND h.status = 'claimed') AS claimed_before
                """
            )
            return try rows.map { row in
                var key: SealedKey?
                if let keyId: String = try row.decodeIfPresent("key_id"), let sealed: Data = try row.decodeIfPresent("sealed") {
                    key = SealedKey(keyId: keyId, sealed: sealed)
                }
                return TakenJob(
                    id: try row.decode("id"),
                    userId: try row.decode("user_id"),
                    code: try row.decode("code"),
                    priority: try row.decode("priority"),
                    attempts: try row.decode("attempts"),
                    leaseToken: try row.decode("lease_token"),
                    sealedKey: key,
                    claimedBefore: try row.decode("claimed_before"),
                    takenAtMicros: try row.decode("taken_us")
                )
            }.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
        }
    }

    /// Jobs whose worker was lost (lease ran out) go back to the queue; the lost attempt counts,
    /// so a job that keeps killing its worker ends `dead` instead of looping. Returns how many.
    @discardableResult
    public func recoverExpiredLeases(maxAttempts: Int) async throws -> Int {
        try await pool.blockingTransaction { tx in
            let rows = try tx.query(
                """
                WITH expired AS (
                    SELECT id FROM jobs WHERE state = 'active' AND lease_until < clock_timestamp()
                    ORDER BY lease_until LIMIT 500 FOR UPDATE SKIP LOCKED),
                moved AS (
                    UPDATE jobs j SET
                        state = CASE WHEN j.attempts + 1 >= \(maxAttempts) THEN 'dead' ELSE 'queued' END,
                        attempts = j.attempts + 1, lease_until = NULL, lease_token = NULL,
                        run_at = clock_timestamp(), updated_at = clock_timestamp(),
                        last_error = CASE WHEN j.attempts + 1 >= \(maxAttempts)
                            THEN 'gave up after ' || (j.attempts + 1) || ' attempts: lease expired (worker lost)'
                            ELSE 'lease expired (worker lost)' END
                    FROM expired WHERE j.id = expired.id
                    RETURNING j.id, j.user_id, j.code, j.state, j.last_error)
                SELECT id, user_id, code, state, last_error FROM moved
                """
            )
            for row in rows where try row.decode("state", as: String.self) == JobState.dead.rawValue {
                let resolution = JobResolution(
                    state: .dead,
                    outcome: nil,
                    attempts: maxAttempts,
                    retryIn: nil,
                    lastError: try row.decode("last_error"),
                    record: .failed,
                    reason: try row.decode("last_error"),
                    reward: nil
                )
                try recordHistory(
                    tx,
                    jobId: try row.decode("id"),
                    userId: try row.decode("user_id"),
                    code: try row.decode("code"),
                    resolution: resolution,
                    attemptedAt: nil
                )
            }
            return rows.count
        }
    }

    /// Puts a job this worker holds back in the queue untouched (shutdown before it ran).
    public func release(_ job: TakenJob) async throws {
        _ = try await pool.execute(
            """
            UPDATE jobs SET state = 'queued', lease_until = NULL, lease_token = NULL, updated_at = clock_timestamp()
            WHERE id = \(job.id) AND lease_token = \(job.leaseToken)
            """
        )
    }

    /// Admission records older than the window plus an hour are kept for audits no longer.
    public func pruneAdmissions(olderThan window: Duration) async throws {
        let micros = window.components.seconds * 1_000_000 + 3_600_000_000
        _ = try await pool.execute(
            """
            DELETE FROM rate_admissions
            WHERE admitted_us < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint - \(micros)
            """
        )
    }
}
