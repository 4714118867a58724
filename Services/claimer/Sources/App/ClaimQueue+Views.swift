import Foundation
import Store

extension ClaimQueue {
    /// The user's jobs by state (completed ones by outcome), failures and last activity.
    public func status(userId: String) async throws -> UserClaimStatus {
        let rows = try await pool.query(
            """
            SELECT CASE WHEN state = 'completed' THEN outcome ELSE state END AS name, count(*) AS n, max(updated_at) AS last
            FROM jobs WHERE user_id = \(userId) GROUP BY 1
            """
        )
        var status = UserClaimStatus()
        for row in rows {
            status.counts[try row.decode("name")] = try row.decode("n")
            let last: Date = try row.decode("last")
            status.lastActivity = max(status.lastActivity ?? last, last)
        }
        status.hasKey = try await hasKey(userId: userId)
        return status
    }

    /// The user's history, newest first, before the history id `before` (nil: from the newest).
    public func history(userId: String, limit: Int, before: Int64?) async throws -> [HistoryRecord] {
        try await pool.query(
            """
            SELECT id, job_id, code, status, reason, reward_type, reward_amount::text AS reward_amount, reward_currency, attempted_at
            FROM claim_history WHERE user_id = \(userId) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(limit)
            """
        ).map(HistoryRecord.init)
    }

    /// Jobs in `state` after the id `after`, oldest first (the admin's dead-letter view).
    public func jobs(in state: JobState, after: Int64, limit: Int) async throws -> [JobRecord] {
        try await pool.query(
            """
            SELECT \(JobRecord.columns) FROM jobs WHERE state = \(state.rawValue) AND id > \(after) ORDER BY id LIMIT \(limit)
            """
        ).map(JobRecord.init)
    }

    /// Replays a dead or failed job: back to the queue now with fresh attempts. The same code may
    /// be waiting under a newer job already; then that one stands and this refuses.
    public func retry(id: Int64) async throws -> JobRecord {
        do {
            return try await pool.blockingTransaction { tx in
                let rows = try tx.query("SELECT \(JobRecord.columns) FROM jobs WHERE id = \(id) FOR UPDATE")
                guard let row = rows.first else { throw ClaimerError.jobNotFound(String(id)) }
                let job = try JobRecord(row)
                guard job.state == .dead || job.state == .failed else {
                    throw ClaimerError.notRetryable(id: String(id), state: job.state)
                }
                let updated = try tx.query(
                    """
                    UPDATE jobs SET state = 'queued', attempts = 0, run_at = clock_timestamp(), last_error = '',
                        updated_at = clock_timestamp()
                    WHERE id = \(id) RETURNING \(JobRecord.columns)
                    """
                )
                return try JobRecord(updated[0])
            }
        } catch let error as StoreError where error.kind == .uniqueViolation {
            throw ClaimerError.alreadyPending(id: String(id))
        }
    }
}
