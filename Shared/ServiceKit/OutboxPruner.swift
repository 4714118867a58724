import Foundation
import Logging
import ServiceLifecycle
import Store

/// Deletes published events once they are older than the retention (`OUTBOX_RETENTION_HOURS`),
/// so the outbox does not grow forever; `EventsSince` then tells a late reader what it missed.
/// Stored idempotent replies and the ids of handled events (`processed_events`) older than the
/// same retention are deleted with them.
///
/// Every replica may run one: the deletes are idempotent and read only the front of the
/// sequence index, and the newest numbered event always stays (see `Outbox.prune`).
public struct OutboxPruner: Service {
    let outbox: Outbox
    let database: ServiceDatabase
    let retention: Duration
    let clock: any WallClock
    let logger: Logger
    var interval: Duration = .seconds(3_600)
    var batchSize = 10_000

    public func run() async throws {
        // The wait between runs is long: it must end at graceful shutdown, not an hour later.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if database.isReady {
                    do {
                        let deleted = try await pruneOnce()
                        if deleted > 0 { logger.info("[outbox-prune] deleted \(deleted) published event(s) older than \(retention)") }
                    } catch  where !Task.isCancelled {
                        logger.warning("[outbox-prune] \(error)")
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Deletes everything due now, a batch at a time; returns how many events it deleted.
    @discardableResult
    public func pruneOnce() async throws -> Int {
        let seconds = Double(retention.components.seconds)
        let cutoff = clock.now().addingTimeInterval(-seconds)
        var total = 0
        while !Task.isCancelled {
            let deleted = try await outbox.prune(publishedBefore: cutoff, limit: batchSize, pool: database.pool)
            total += deleted
            if deleted < batchSize { break }
        }
        // Idempotency keys older than the events are as good as never retried: they go too.
        let replies = IdempotentReplies(schema: outbox.schema, pool: database.pool)
        while !Task.isCancelled {
            let deleted = try await replies.prune(createdBefore: cutoff, limit: batchSize)
            if deleted < batchSize { break }
        }
        // So are the ids of events handled that long ago: those events cannot arrive again.
        let processed = ProcessedEvents(schema: outbox.schema, pool: database.pool)
        while !Task.isCancelled {
            let deleted = try await processed.prune(processedBefore: cutoff, limit: batchSize)
            if deleted < batchSize { break }
        }
        return total
    }
}
