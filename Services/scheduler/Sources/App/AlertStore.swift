import Bus
import Contracts
import Foundation
import ServiceKit
import Store

/// SQL of alerts; a raised alert and its `<service>.alert` event are written in one transaction.
public struct AlertStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topic: String

    public init(pool: ConnectionPool, outbox: Outbox, topic: String) {
        self.pool = pool
        self.outbox = outbox
        self.topic = topic
    }

    static let columns: SQL = "id, job, kind, message, run_id, created_at"

    /// Stores a long-run alert for `runId` unless it has one; nil when it had.
    public func raiseLongRun(job: String, runId: UUID, message: String, now: Date) async throws -> AlertRecord? {
        try await pool.transaction { tx in
            let rows = try await tx.query(
                """
                INSERT INTO alerts (id, job, kind, message, run_id, created_at)
                VALUES (\(UUID.random()), \(job), 'long_run', \(message), \(runId), \(now))
                ON CONFLICT (run_id, kind) DO NOTHING
                RETURNING \(Self.columns)
                """
            )
            guard let row = rows.first else { return nil }
            return try await publish(try Self.record(row), in: tx)
        }
    }

    /// Stores a failure-rate alert for `job` unless one was raised since `since`; nil when one was.
    public func raiseFailureRate(job: String, message: String, since: Date, now: Date) async throws -> AlertRecord? {
        try await pool.transaction { tx in
            // One alert per job and window, also when several replicas notice at once.
            _ = try await tx.query("SELECT pg_advisory_xact_lock(hashtext(\("scheduler-failure-rate:" + job)))")
            let recent = try await tx.query(
                """
                SELECT 1 FROM alerts WHERE job = \(job) AND kind = 'failure_rate' AND created_at > \(since) LIMIT 1
                """
            )
            guard recent.isEmpty else { return nil }
            let rows = try await tx.query(
                """
                INSERT INTO alerts (id, job, kind, message, run_id, created_at)
                VALUES (\(UUID.random()), \(job), 'failure_rate', \(message), NULL, \(now))
                RETURNING \(Self.columns)
                """
            )
            return try await publish(try Self.record(rows[0]), in: tx)
        }
    }

    /// A page of alerts, newest first, optionally of one job.
    public func list(job: String?, after: (time: Date, id: UUID)?, limit: Int) async throws -> [AlertRecord] {
        var filter: SQL = "TRUE"
        if let job { filter = "job = \(job)" }
        if let after { filter = "\(filter) AND (created_at, id) < (\(after.time), \(after.id))" }
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM alerts WHERE \(filter) ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """
        )
        return try rows.map(Self.record)
    }

    /// Retention: deletes alerts older than `before`.
    public func deleteHistory(before: Date) async throws -> Int {
        try await pool.execute("DELETE FROM alerts WHERE created_at < \(before)")
    }

    private func publish(_ alert: AlertRecord, in tx: Transaction) async throws -> AlertRecord {
        try await outbox.enqueue(tx, topic: topic, payload: try SchedulerMessages.alert(alert).serializedBytes())
        return alert
    }

    static func record(_ row: Row) throws -> AlertRecord {
        let kind: String = try row.decode("kind")
        return AlertRecord(
            id: try row.decode("id"),
            job: try row.decode("job"),
            kind: AlertRecord.Kind(rawValue: kind) ?? .longRun,
            message: try row.decode("message"),
            runId: try row.decodeIfPresent("run_id"),
            createdAt: try row.decode("created_at")
        )
    }
}
