import Foundation
import Store

extension ClaimQueue {
    /// Enqueues `code` for every user with a key on file, inside `tx` (the consumer's transaction
    /// that also marks the event handled). A (user, code) pair is enqueued at most once ever
    /// (`auto_claims`), and like any enqueue, not when the user claimed the code before or a job
    /// for it waits or runs. Keys are read `FOR SHARE`, so a concurrent key deletion waits for
    /// these jobs and then cancels them. Returns the number of jobs created.
    public func enqueueForKeyHolders(code: String, in tx: Transaction) async throws -> Int {
        let rows = try await tx.query(
            """
            WITH holders AS (SELECT user_id FROM api_keys ORDER BY user_id FOR SHARE),
            marked AS (
                INSERT INTO auto_claims (user_id, code) SELECT user_id, \(code)::text FROM holders
                ON CONFLICT (user_id, code) DO NOTHING
                RETURNING user_id),
            inserted AS (
                INSERT INTO jobs (user_id, code, priority)
                SELECT m.user_id, \(code)::text, 0 FROM marked m
                WHERE NOT EXISTS (
                    SELECT 1 FROM claim_history h WHERE h.user_id = m.user_id AND h.code = \(code)::text AND h.status = 'claimed')
                ON CONFLICT (user_id, code) WHERE state IN ('queued', 'delayed', 'active') DO NOTHING
                RETURNING id)
            SELECT count(*) AS n FROM inserted
            """
        )
        return try rows[0].decode("n")
    }
}
