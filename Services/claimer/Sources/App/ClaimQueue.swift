import Foundation
import ServiceKit
import Store

/// The claim queue in Postgres: enqueue, lease, rate-limit, record. Every time comes from the
/// database clock, so any number of worker processes agree on what is due and on the limit.
public struct ClaimQueue: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: EventTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// Enqueues `codes` for the user in one transaction, storing `key` first when given (submit);
    /// without one, the user must have a key on file. Codes already waiting or running, or claimed
    /// before, get no new job.
    public func enqueue(userId: String, codes: [String], priority: Int, key: SealedKey?) async throws -> EnqueueResult {
        try await pool.blockingTransaction { tx in
            if let key {
                try tx.execute(
                    """
                    INSERT INTO api_keys (user_id, key_id, sealed) VALUES (\(userId), \(key.keyId), \(key.sealed))
                    ON CONFLICT (user_id) DO UPDATE SET key_id = EXCLUDED.key_id, sealed = EXCLUDED.sealed, updated_at = clock_timestamp()
                    """
                )
            } else {
                // FOR SHARE: a concurrent DeleteApiKey waits for this enqueue (and then cancels its jobs).
                let found = try tx.query("SELECT 1 FROM api_keys WHERE user_id = \(userId) FOR SHARE")
                guard !found.isEmpty else { throw ClaimerError.noAPIKey(userId) }
            }
            let rows = try tx.query(
                """
                WITH input AS (SELECT DISTINCT unnest(\(codes)::text[]) AS code),
                claimed AS (
                    SELECT i.code FROM input i
                    WHERE EXISTS (SELECT 1 FROM claim_history h WHERE h.user_id = \(userId) AND h.code = i.code AND h.status = 'claimed')),
                inserted AS (
                    INSERT INTO jobs (user_id, code, priority)
                    SELECT \(userId), code, \(priority) FROM input WHERE code NOT IN (SELECT code FROM claimed)
                    ON CONFLICT (user_id, code) WHERE state IN ('queued', 'delayed', 'active') DO NOTHING
                    RETURNING id)
                SELECT (SELECT count(*) FROM input) AS total, (SELECT count(*) FROM claimed) AS claimed,
                       ARRAY(SELECT id FROM inserted ORDER BY id) AS ids
                """
            )
            let row = rows[0]
            let total: Int = try row.decode("total")
            let claimed: Int = try row.decode("claimed")
            let ids: [Int64] = try row.decode("ids")
            return EnqueueResult(jobIds: ids, alreadyQueued: total - claimed - ids.count, alreadyClaimed: claimed)
        }
    }

    /// Whether the user has a key on file.
    public func hasKey(userId: String) async throws -> Bool {
        try await !pool.query("SELECT 1 FROM api_keys WHERE user_id = \(userId)").isEmpty
    }

    /// Deletes the user's key and cancels their waiting jobs. Jobs already leased may be talking
    /// to the platform with the key they were taken with, so the answer waits for them: their
    /// outcomes are recorded as they happened (a claim that went through is kept), and what they
    /// leave behind (a retry) is cancelled. Once this returns, no attempt with the key runs or
    /// starts. Waits at most `wait`; past it throws `attemptsStillRunning` — the key is gone and the
    /// jobs cancelled, and asking again waits for the rest.
    public func deleteKey(userId: String, wait: Duration) async throws -> (deleted: Bool, cancelled: Int) {
        let (deleted, cancelled) = try await pool.blockingTransaction { tx in
            let deleted = try tx.execute("DELETE FROM api_keys WHERE user_id = \(userId)")
            return (deleted > 0, try Self.cancelWaiting(tx, userId: userId))
        }
        let clock = ContinuousClock()
        let giveUp = clock.now + wait
        while true {
            // A lease past its end belongs to a lost worker whose attempt timed out long ago.
            let running = try await pool.query(
                """
                SELECT count(*) AS n FROM jobs WHERE user_id = \(userId) AND state = 'active' AND lease_until > clock_timestamp()
                """
            )[0].decode("n", as: Int.self)
            if running == 0 { break }
            guard clock.now < giveUp else { throw ClaimerError.attemptsStillRunning(userId: userId, count: running) }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Retries scheduled by the attempts that just ended, and lost workers' jobs.
        let leftovers = try await pool.blockingTransaction { tx in try Self.cancelWaiting(tx, userId: userId) }
        return (deleted, cancelled + leftovers)
    }

    /// Cancels the user's jobs that no worker runs: waiting ones and those of lost workers.
    static func cancelWaiting(_ tx: BlockingTransaction, userId: String) throws -> Int {
        try tx.execute(
            """
            UPDATE jobs SET state = 'cancelled', last_error = 'API key deleted', lease_until = NULL, lease_token = NULL,
                waits_for_rate = false, updated_at = clock_timestamp()
            WHERE user_id = \(userId)
              AND (state IN ('queued', 'delayed') OR (state = 'active' AND lease_until <= clock_timestamp()))
            """
        )
    }
}
