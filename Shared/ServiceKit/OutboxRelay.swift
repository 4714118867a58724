import Bus
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Publishes committed outbox rows on the event bus (`Publisher`), numbering them in publish order.
///
/// Only one relay per schema works at a time (a transaction-scoped advisory lock), so the
/// sequence has no holes a subscriber would mistake for a lost event.
public struct OutboxRelay: Service {
    let outbox: Outbox
    let database: ServiceDatabase
    let publisher: Publisher
    let logger: Logger
    /// The wait after a pass that found nothing to publish.
    var interval: Duration = .milliseconds(100)
    /// The wait after a pass that published something: more are likely on the way, and small
    /// frequent batches spread the relay's work instead of bursting every `interval`.
    var busyInterval: Duration = .milliseconds(25)
    var batchSize = 200

    /// How long after numbering an event the relay stops looking below it (see `RelayScanBound`).
    var settle: Duration = .seconds(1)
    /// How often the relay looks at every unpublished event, for ones committed later than `settle`.
    var sweepInterval: Duration = .seconds(5)

    public func run() async throws {
        var bound = RelayScanBound(settle: settle, sweepInterval: sweepInterval)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var published = 0
            if database.isReady {
                do {
                    published = try await publishAll(bound: &bound)
                } catch {
                    logger.warning("outbox relay: \(error)")
                }
            }
            try? await Task.sleep(for: wait(afterPublishing: published))
        }
        // One last pass so events committed during shutdown still go out.
        if database.isReady { _ = try? await publishBatch() }
    }

    /// The pause before the next pass: short while events keep coming, `interval` when idle (so
    /// an idle service polls its outbox ten times a second, not forty).
    func wait(afterPublishing published: Int) -> Duration {
        published > 0 ? busyInterval : interval
    }

    /// Publishes batches until one comes back short, scanning above `bound`'s lower bound for a
    /// pass at `now`; returns how many events it published.
    @discardableResult
    func publishAll(bound: inout RelayScanBound, now: ContinuousClock.Instant = .now) async throws -> Int {
        let after = bound.lowerBound(at: now)
        var highest: Int64?
        var published = 0
        while true {
            let batch = try await publish(after: after)
            highest = max(highest ?? 0, batch.highestCreated ?? 0)
            published += batch.count
            if batch.count < batchSize { break }
        }
        bound.record(highestCreated: highest, at: max(now, .now))
        return published
    }

    /// Numbers and publishes one batch of events whose `created` is above `after` (0: any);
    /// returns how many events it published.
    @discardableResult
    public func publishBatch(after: Int64 = 0) async throws -> Int {
        try await publish(after: after).count
    }

    private func publish(after: Int64) async throws -> (count: Int, highestCreated: Int64?) {
        let schema = outbox.schema
        // On one blocking thread: BEGIN goes with the lock and COMMIT with the numbering, two round
        // trips in all (every service polls here, busy or not).
        let (events, highestCreated) = try await database.pool.blockingTransaction { tx -> ([Event], Int64?) in
            let lock = try tx.query("SELECT pg_try_advisory_xact_lock(hashtext(\(schema + ".outbox"))) AS locked")
            guard try lock.first?.decode("locked", as: Bool.self) == true else { return ([], nil) }
            // Rows are found again by their physical address (`ctid`), not by a primary-key lookup
            // per row: a third of the statement's buffer reads. Only the relay, under the lock
            // above, changes unpublished rows, so the address cannot move in between.
            let rows = try tx.queryAndCommit(
                """
                WITH next AS MATERIALIZED (
                    SELECT ctid AS tid, row_number() OVER (ORDER BY created) AS n FROM \(identifier: schema).outbox
                    WHERE sequence IS NULL AND created > \(after) ORDER BY created LIMIT \(batchSize)
                ), base AS (SELECT coalesce(max(sequence), 0) AS s FROM \(identifier: schema).outbox)
                UPDATE \(identifier: schema).outbox o SET sequence = base.s + next.n, published_at = now()
                FROM next, base WHERE o.ctid = next.tid
                RETURNING o.id, o.topic, o.payload, o.occurred_at, o.sequence, o.created
                """
            )
            let highest = try rows.map { try $0.decode("created", as: Int64.self) }.max()
            return (try rows.map { try outbox.event($0) }.sorted { $0.sequence < $1.sequence }, highest)
        }
        for event in events {
            do {
                try publisher.publish(topic: event.topic, payload: try event.serializedBytes())
            } catch {
                // The event bus is lossy anyway; subscribers recover the gap through EventsSince.
                logger.warning("outbox relay: publishing \(event.topic) #\(event.sequence) failed: \(error)")
            }
        }
        return (events.count, highestCreated)
    }
}
