import Foundation
import Store

/// SQL of the schedule (`jobs`).
public struct JobStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns: SQL = "name, service, cron, timezone, enabled, overlap, catch_up_window_seconds, scheduled_through"

    /// Every job, by name.
    public func all() async throws -> [JobRecord] {
        try await pool.query("SELECT \(Self.columns) FROM jobs ORDER BY name").map(Self.record)
    }

    /// The job, or `jobNotFound`.
    public func get(_ name: String) async throws -> JobRecord {
        guard let row = try await pool.query("SELECT \(Self.columns) FROM jobs WHERE name = \(name)").first else {
            throw SchedulerError.jobNotFound(name)
        }
        return try Self.record(row)
    }

    /// Stores an edited job. When its timing changes (cron, time zone, enabled) the cursor moves to
    /// `now`, so an edit never makes past ticks of the new schedule look missed.
    public func update(_ job: JobRecord, timingChanged: Bool, now: Date) async throws -> JobRecord {
        let rows = try await pool.query(
            """
            UPDATE jobs SET cron = \(job.cron), timezone = \(job.timezone), enabled = \(job.enabled),
                            overlap = \(job.overlap.rawValue), catch_up_window_seconds = \(Int(job.catchUpWindow)),
                            scheduled_through = CASE WHEN \(timingChanged) THEN GREATEST(scheduled_through, \(now))
                                                     ELSE scheduled_through END,
                            updated_at = \(now)
            WHERE name = \(job.name)
            RETURNING \(Self.columns)
            """
        )
        guard let row = rows.first else { throw SchedulerError.jobNotFound(job.name) }
        return try Self.record(row)
    }

    /// Moves every cursor to `date` (a fresh deployment, or tests starting at a fixed time).
    public func resetCursors(to date: Date) async throws {
        _ = try await pool.execute("UPDATE jobs SET scheduled_through = \(date)")
    }

    static func record(_ row: Row) throws -> JobRecord {
        let overlap: String = try row.decode("overlap")
        return JobRecord(
            name: try row.decode("name"),
            service: try row.decode("service"),
            cron: try row.decode("cron"),
            timezone: try row.decode("timezone"),
            enabled: try row.decode("enabled"),
            overlap: OverlapPolicy(rawValue: overlap) ?? .skip,
            catchUpWindow: TimeInterval(try row.decode("catch_up_window_seconds", as: Int.self)),
            scheduledThrough: try row.decode("scheduled_through")
        )
    }
}
