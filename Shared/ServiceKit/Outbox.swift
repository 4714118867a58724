import Bus
import Contracts
import Foundation
import Store

/// Writes events in the caller's transaction, so an event exists exactly when its change commits.
public struct Outbox: Sendable {
    public let schema: String
    public let source: String

    public init(schema: String, source: String) {
        self.schema = schema
        self.source = source
    }

    /// Records an event; it is published by the relay after the transaction commits.
    @discardableResult
    public func enqueue(_ transaction: Transaction, topic: String, payload: [UInt8], id: UUID = .random()) async throws -> UUID {
        try await transaction.execute(insert(topic: topic, payload: payload, id: id))
        return id
    }

    /// The event's INSERT as a statement to embed (a data-modifying CTE), so a hot path can write
    /// its change and its event in one round trip; it must run in the change's transaction too.
    public func insert(topic: String, payload: [UInt8], id: UUID = .random()) -> SQL {
        "INSERT INTO \(identifier: schema).outbox (id, topic, payload) VALUES (\(id), \(topic), \(payload))"
    }

    /// Several events' INSERT as one statement to embed: they are numbered in the order given,
    /// where separate data-modifying CTEs of one statement run in no guaranteed order.
    public func insert(events: [(topic: String, payload: [UInt8])]) -> SQL {
        precondition(!events.isEmpty, "insert(events:) needs at least one event")
        let rows = events.map { event -> SQL in "(\(UUID.random()), \(event.topic), \(event.payload))" }
        return "INSERT INTO \(identifier: schema).outbox (id, topic, payload) VALUES \(rows.joined())"
    }

    /// The event's INSERT for each row of `source` (a CTE name of the same statement): a hot path
    /// writes its event only when its change happened, still in one round trip.
    public func insert(topic: String, payload: [UInt8], id: UUID = .random(), forEachRowOf source: String) -> SQL {
        "INSERT INTO \(identifier: schema).outbox (id, topic, payload) SELECT \(id), \(topic), \(payload) FROM \(identifier: source)"
    }

    /// Published events after `sequence`, in order (the `EventsSince` catch-up).
    public func events(after sequence: Int64, limit: Int, pool: ConnectionPool) async throws -> [Event] {
        let rows = try await pool.query(
            """
            SELECT id, topic, payload, occurred_at, sequence FROM \(identifier: schema).outbox
            WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """
        )
        return try rows.map { try event($0) }
    }

    /// The lowest sequence still kept (0 when no event has been published or kept).
    public func oldestSequence(pool: ConnectionPool) async throws -> Int64 {
        let rows = try await pool.query(
            """
            SELECT coalesce(min(sequence), 0) AS s FROM \(identifier: schema).outbox WHERE sequence IS NOT NULL
            """
        )
        return try rows.first?.decode("s", as: Int64.self) ?? 0
    }

    /// Deletes up to `limit` of the oldest published events published before `cutoff`; returns
    /// how many. Unpublished events stay, and so does the newest numbered one: the relay numbers
    /// on from it, and subscribers' cursors must never see the sequence start over.
    ///
    /// Reads only the first `limit` entries of the sequence index: `published_at` grows with the
    /// sequence (both are set by the one relay at a time), so the events to delete are a prefix.
    public func prune(publishedBefore cutoff: Date, limit: Int, pool: ConnectionPool) async throws -> Int {
        try await pool.execute(
            """
            WITH oldest AS (
                SELECT ctid AS tid, sequence, published_at FROM \(identifier: schema).outbox
                WHERE sequence IS NOT NULL ORDER BY sequence LIMIT \(limit)
            ), newest AS (SELECT max(sequence) AS s FROM \(identifier: schema).outbox)
            DELETE FROM \(identifier: schema).outbox o USING oldest, newest
            WHERE o.ctid = oldest.tid AND oldest.published_at < \(cutoff) AND oldest.sequence < newest.s
            """
        )
    }

    func event(_ row: Row) throws -> Event {
        let occurred: Date = try row.decode("occurred_at")
        return Event(
            id: try row.decode("id", as: UUID.self).lowercasedString,
            topic: try row.decode("topic"),
            occurredAtUnixMs: Int64(occurred.timeIntervalSince1970 * 1000),
            payload: Data(try row.decode("payload", as: [UInt8].self)),
            sequence: try row.decode("sequence"),
            source: source
        )
    }
}
