import Bus
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Publishes committed outbox rows on PUB/SUB, numbering them in publish order.
///
/// Only one relay per schema works at a time (a transaction-scoped advisory lock), so the
/// sequence has no holes a subscriber would mistake for a lost event.
public struct OutboxRelay: Service {
    let outbox: Outbox
    let database: ServiceDatabase
    let publisher: Publisher
    let logger: Logger
    var interval: Duration = .milliseconds(100)
    var batchSize = 200

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if database.isReady {
                do {
                    while try await publishBatch() == batchSize {}
                } catch {
                    logger.warning("outbox relay: \(error)")
                }
            }
            try? await Task.sleep(for: interval)
        }
        // One last pass so events committed during shutdown still go out.
        if database.isReady { _ = try? await publishBatch() }
    }

    /// Numbers and publishes one batch; returns how many events it published.
    @discardableResult
    public func publishBatch() async throws -> Int {
        let schema = outbox.schema
        // On one blocking thread: BEGIN goes with the lock and COMMIT with the numbering, two round
        // trips in all (every service polls here, busy or not).
        let events: [Event] = try await database.pool.blockingTransaction { tx in
            let lock = try tx.query("SELECT pg_try_advisory_xact_lock(hashtext(\(schema + ".outbox"))) AS locked")
            guard try lock.first?.decode("locked", as: Bool.self) == true else { return [] }
            // Rows are found again by their physical address (`ctid`), not by a primary-key lookup
            // per row: a third of the statement's buffer reads. Only the relay, under the lock
            // above, changes unpublished rows, so the address cannot move in between.
            let rows = try tx.queryAndCommit("""
                WITH next AS MATERIALIZED (
                    SELECT ctid AS tid, row_number() OVER (ORDER BY created) AS n FROM \(identifier: schema).outbox
                    WHERE sequence IS NULL ORDER BY created LIMIT \(batchSize)
                ), base AS (SELECT coalesce(max(sequence), 0) AS s FROM \(identifier: schema).outbox)
                UPDATE \(identifier: schema).outbox o SET sequence = base.s + next.n, published_at = now()
                FROM next, base WHERE o.ctid = next.tid
                RETURNING o.id, o.topic, o.payload, o.occurred_at, o.sequence
                """)
            return try rows.map { try outbox.event($0) }.sorted { $0.sequence < $1.sequence }
        }
        for event in events {
            do {
                try publisher.publish(topic: event.topic, payload: try event.serializedBytes())
            } catch {
                // PUB/SUB is lossy anyway; subscribers recover the gap through EventsSince.
                logger.warning("outbox relay: publishing \(event.topic) #\(event.sequence) failed: \(error)")
            }
        }
        return events.count
    }
}
