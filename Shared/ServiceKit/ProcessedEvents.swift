import Foundation
import Store

/// The consumer side's record of handled event ids (`processed_events`), which makes a redelivered
/// event change nothing.
///
/// A record is needed only while the event can still arrive again: live redelivery is immediate,
/// and a catch-up starts after the consumer's cursor, which never moves back. Records older than
/// the outbox retention can therefore go: the publisher has pruned those events by then too.
struct ProcessedEvents: Sendable {
    let schema: String
    let pool: ConnectionPool

    /// Deletes up to `limit` records handled before `cutoff`; returns how many it deleted.
    func prune(processedBefore cutoff: Date, limit: Int) async throws -> Int {
        try await pool.execute(
            """
            DELETE FROM \(identifier: schema).processed_events WHERE event_id = ANY (ARRAY(
                SELECT event_id FROM \(identifier: schema).processed_events WHERE processed_at < \(cutoff) LIMIT \(limit)))
            """
        )
    }
}
