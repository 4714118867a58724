import Foundation
import Store

extension RunStore {
    /// Records the final outcome of a running run; false when it was no longer running (another
    /// replica declared it timed out), so the outcome is not written twice.
    @discardableResult
    public func finish(_ id: UUID, status: RunStatus, report: JobReport?, error: String, durationMs: Int64, now: Date) async throws -> Bool {
        let keys = report?.summary.map(\.key) ?? []
        let values = report?.summary.map(\.value) ?? []
        let updated = try await pool.execute(
            """
            UPDATE runs SET status = \(status.rawValue), finished_at = \(now), duration_ms = \(durationMs),
                            processed = \(report?.processed ?? 0), failed = \(report?.failed ?? 0),
                            summary_keys = \(keys), summary_values = \(values), error = \(error),
                            lease_until = NULL, next_retry_at = NULL
            WHERE id = \(id) AND status = 'running'
            """
        )
        return updated == 1
    }

    /// Extends the lease of a run this replica is dispatching; false when it is no longer running
    /// (its outcome is recorded, or another replica declared it timed out).
    public func renewLease(_ id: UUID, until: Date) async throws -> Bool {
        try await pool.execute("UPDATE runs SET lease_until = \(until) WHERE id = \(id) AND status = 'running'") == 1
    }

    /// Puts a running run back to wait for its next attempt at `at`.
    @discardableResult
    public func scheduleRetry(_ id: UUID, at: Date, error: String, durationMs: Int64) async throws -> Bool {
        let updated = try await pool.execute(
            """
            UPDATE runs SET status = 'retrying', next_retry_at = \(at), error = \(error), duration_ms = \(durationMs),
                            lease_until = NULL
            WHERE id = \(id) AND status = 'running'
            """
        )
        return updated == 1
    }

    /// Retention: deletes finished runs older than `before` (errors: `errorsBefore`). Returns the count.
    public func deleteHistory(before: Date, errorsBefore: Date) async throws -> Int {
        try await pool.execute(
            """
            DELETE FROM runs
            WHERE (status IN ('succeeded', 'partial', 'missed', 'skipped') AND scheduled_for < \(before))
               OR (status IN ('failed', 'timed_out') AND scheduled_for < \(errorsBefore))
            """
        )
    }
}
