import Foundation
import Store

/// SQL of runs: reading history here; claiming in `+Claim`, outcomes in `+Outcome`.
public struct RunStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns: SQL = """
        id, job, scheduled_for, trigger, status, attempt, next_retry_at, started_at, finished_at, duration_ms,
        processed, failed, summary_keys, summary_values, error
        """

    /// A page of a job's runs, newest tick first, after the cursor's (time, id).
    public func list(job: String, after: (time: Date, id: UUID)?, status: RunStatus?, limit: Int) async throws -> [RunRecord] {
        var filter: SQL = ""
        if let after { filter = "AND (scheduled_for, id) < (\(after.time), \(after.id))" }
        if let status { filter = "\(filter) AND status = \(status.rawValue)" }
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM runs WHERE job = \(job) \(filter)
            ORDER BY scheduled_for DESC, id DESC LIMIT \(limit)
            """
        )
        return try rows.map(Self.record)
    }

    /// The latest run of every job that has one (missed and skipped ticks included).
    public func latestByJob() async throws -> [String: RunRecord] {
        let rows = try await pool.query(
            """
            SELECT DISTINCT ON (job) \(Self.columns) FROM runs ORDER BY job, scheduled_for DESC, id DESC
            """
        )
        return Dictionary(try rows.map { (try $0.decode("job", as: String.self), try Self.record($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// One run.
    public func get(_ id: UUID) async throws -> RunRecord? {
        try await pool.query("SELECT \(Self.columns) FROM runs WHERE id = \(id)").first.map(Self.record)
    }

    /// Completed runs and failures of a job finished since `since` (for the failure-rate alert).
    public func failureCounts(job: String, since: Date) async throws -> (failures: Int, total: Int) {
        let rows = try await pool.query(
            """
            SELECT count(*) FILTER (WHERE status IN ('failed', 'timed_out')) AS failures, count(*) AS total
            FROM runs WHERE job = \(job) AND finished_at >= \(since)
              AND status IN ('succeeded', 'partial', 'failed', 'timed_out')
            """
        )
        return (try rows[0].decode("failures"), try rows[0].decode("total"))
    }

    static func record(_ row: Row) throws -> RunRecord {
        let keys: [String] = try row.decode("summary_keys")
        let values: [String] = try row.decode("summary_values")
        let status: String = try row.decode("status")
        let trigger: String = try row.decode("trigger")
        return RunRecord(
            id: try row.decode("id"),
            job: try row.decode("job"),
            scheduledFor: try row.decode("scheduled_for"),
            manual: trigger == "manual",
            status: RunStatus(rawValue: status) ?? .failed,
            attempt: try row.decode("attempt"),
            nextRetryAt: try row.decodeIfPresent("next_retry_at"),
            startedAt: try row.decodeIfPresent("started_at"),
            finishedAt: try row.decodeIfPresent("finished_at"),
            durationMs: try row.decodeIfPresent("duration_ms"),
            processed: try row.decode("processed"),
            failed: try row.decode("failed"),
            summary: zip(keys, values).map { SummaryEntry(key: $0.0, value: $0.1) },
            error: try row.decode("error")
        )
    }
}
