import Foundation
import Store

/// Turns an upload's staged values into codes in one statement (`INSERT … SELECT … ON CONFLICT
/// DO NOTHING`), inside the transaction that finishes the upload: all of its codes become
/// reservable at its commit, or none do.
///
/// Each code gets the next `seq` of its lane, in file order (the order reserve hands codes out).
/// The lane's `code_lanes` row stays locked until the caller's transaction ends, so imports of one
/// lane commit in seq order and reserve's cursor can never have passed a code that appears later.
enum CodeInserter {
    /// Inserts the `staged` values of `upload` into the target inside `tx`; returns how many were
    /// new (the rest were already stored or repeated, and are duplicates). Counters and the staged
    /// rows are the caller's business. Throws `uploadLost` when fewer than `staged` values are
    /// left in staging (a crash emptied it; see migration 0006): then the caller's transaction
    /// rolls back and nothing of the upload is imported.
    static func publish(upload: UUID, staged: Int64, into target: ImportTarget, _ tx: Transaction) async throws -> Int {
        guard staged > 0 else { return 0 }
        try await tx.execute(
            """
            WITH cursor AS (INSERT INTO reserve_cursors (campaign_id, type) VALUES (\(target.campaignId), \(target.type.rawValue))
                            ON CONFLICT DO NOTHING)
            INSERT INTO code_lanes (campaign_id, type) VALUES (\(target.campaignId), \(target.type.rawValue)) ON CONFLICT DO NOTHING
            """
        )
        // Duplicates leave gaps in seq; only the order matters. ORDER BY n: the first of repeated
        // values in the file is the one kept.
        let rows = try await tx.query(
            """
            WITH lane AS (
                UPDATE code_lanes SET next_seq = next_seq + \(staged)
                WHERE campaign_id = \(target.campaignId) AND type = \(target.type.rawValue)
                RETURNING next_seq - \(staged) AS first
            ), staged AS MATERIALIZED (
                SELECT code, n FROM upload_codes WHERE upload_id = \(upload)
            ), inserted AS (
                INSERT INTO codes (campaign_id, code, type, seq)
                SELECT \(target.campaignId)::text, s.code, \(target.type.rawValue)::text, lane.first + s.n - 1
                FROM lane, staged s
                ORDER BY s.n
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM staged) AS staged_read, (SELECT count(*) FROM inserted) AS inserted
            """
        )
        guard try rows[0].decode("staged_read", as: Int64.self) == staged else {
            throw CodeInventoryError.uploadLost(upload.lowercasedString)
        }
        return try rows[0].decode("inserted", as: Int.self)
    }
}
