import Foundation
import ServiceKit
import Store

extension CodeImportStore {
    /// Aborts unfinished uploads that took no chunk since `before` (their caller went away: a
    /// client that disconnected, a gateway that died), deleting their staged codes; returns their
    /// ids. Uploads another transaction holds (a chunk or the finish under way) are left for the
    /// next sweep, so every replica may sweep.
    public func abortStale(before: Date, now: Date, limit: Int = 100) async throws -> [UUID] {
        try await pool.transaction { tx in
            let rows = try await tx.query(
                """
                SELECT id FROM uploads
                WHERE finished_at IS NULL AND aborted_at IS NULL AND touched_at < \(before)
                ORDER BY touched_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """
            )
            let ids = try rows.map { try $0.decode("id", as: UUID.self) }
            for id in ids {
                try await markAborted(id, reason: "stale: no chunk since \(Timestamps.format(before))", now: now, tx)
            }
            return ids
        }
    }
}
