import Contracts
import Foundation
import ServiceKit
import Store

extension ClaimQueue {
    /// Writes the attempt's resolution, its history row and event in one statement — only while
    /// `job`'s lease is still this worker's (a worker that lost its lease records nothing, so a job
    /// re-run after a lost lease is recorded once). `attemptedAtMicros` is the admission time (or
    /// the lease's). Returns false when the lease was lost.
    @discardableResult
    public func finish(_ job: TakenJob, _ resolution: JobResolution, attemptedAtMicros: Int64?) async throws -> Bool {
        let retrySeconds = resolution.retryIn.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        let attemptedAt = attemptedAtMicros ?? job.takenAtMicros
        let status = resolution.record?.rawValue
        let event = ClaimRecorded(jobId: String(job.id), userId: job.userId, code: job.code, status: status ?? "",
                                  reason: resolution.reason, rewardType: resolution.reward?.type ?? "",
                                  rewardAmount: resolution.reward?.amount ?? "", rewardCurrency: resolution.reward?.currency ?? "",
                                  attemptedAt: Timestamps.format(Date(timeIntervalSince1970: Double(attemptedAt) / 1e6)))
        // One autocommitted statement: the job, the history row (unless the user claimed the code
        // before: the unique index answers nothing), its event and the key's last use, or nothing.
        let rows = try await pool.query("""
            WITH done AS (
                UPDATE jobs SET state = \(resolution.state.rawValue), outcome = \(resolution.outcome),
                    attempts = \(resolution.attempts), last_error = \(resolution.lastError),
                    run_at = CASE WHEN \(resolution.state.rawValue) = 'delayed'
                        THEN clock_timestamp() + make_interval(secs => \(retrySeconds)::float8) ELSE run_at END,
                    lease_until = NULL, lease_token = NULL, updated_at = clock_timestamp()
                WHERE id = \(job.id) AND state = 'active' AND lease_token = \(job.leaseToken)
                RETURNING id),
            history AS (
                INSERT INTO claim_history (job_id, user_id, code, status, reason, reward_type, reward_amount, reward_currency, attempted_at)
                SELECT \(job.id), \(job.userId), \(job.code), \(status), \(resolution.reason), \(resolution.reward?.type),
                       \(resolution.reward?.amount)::numeric, \(resolution.reward?.currency), to_timestamp(\(attemptedAt)::float8 / 1000000)
                FROM done WHERE \(status)::text IS NOT NULL
                ON CONFLICT (user_id, code) WHERE status = 'claimed' DO NOTHING
                RETURNING status),
            event AS (\(outbox.insert(topic: topics.claimRecorded, payload: try event.serializedBytes(), forEachRowOf: "history"))),
            used AS (
                UPDATE api_keys SET last_used_at = clock_timestamp()
                WHERE user_id = \(job.userId) AND EXISTS (SELECT 1 FROM history WHERE status = 'claimed'))
            SELECT count(*) AS n FROM done
            """)
        return try rows[0].decode("n", as: Int.self) == 1
    }

    /// The history row and its `claim_recorded` event inside `tx` (lost-lease recovery). A second
    /// `claimed` row for the user and code is refused by the unique index and written as nothing.
    func recordHistory(_ tx: BlockingTransaction, jobId: Int64, userId: String, code: String,
                       resolution: JobResolution, attemptedAt: Int64?) throws {
        guard let status = resolution.record else { return }
        let rows = try tx.query("""
            INSERT INTO claim_history (job_id, user_id, code, status, reason, reward_type, reward_amount, reward_currency, attempted_at)
            VALUES (\(jobId), \(userId), \(code), \(status.rawValue), \(resolution.reason), \(resolution.reward?.type),
                    \(resolution.reward?.amount)::numeric, \(resolution.reward?.currency),
                    COALESCE(to_timestamp(\(attemptedAt)::float8 / 1000000), clock_timestamp()))
            ON CONFLICT (user_id, code) WHERE status = 'claimed' DO NOTHING
            RETURNING attempted_at
            """)
        guard let row = rows.first else { return }
        let event = ClaimRecorded(jobId: String(jobId), userId: userId, code: code, status: status.rawValue,
                                  reason: resolution.reason, rewardType: resolution.reward?.type ?? "",
                                  rewardAmount: resolution.reward?.amount ?? "", rewardCurrency: resolution.reward?.currency ?? "",
                                  attemptedAt: Timestamps.format(try row.decode("attempted_at")))
        try tx.execute(outbox.insert(topic: topics.claimRecorded, payload: try event.serializedBytes()))
    }
}
