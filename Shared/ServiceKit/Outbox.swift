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

    /// One INSERT of several events (a batch of changes made in one transaction); `events` must
    /// not be empty. Embeddable as a data-modifying CTE like `insert(topic:payload:id:)`.
    public func insert(_ events: [(topic: String, payload: [UInt8])]) -> SQL {
        precondition(!events.isEmpty, "an INSERT needs at least one event")
        let rows: [SQL] = events.map { "(\(UUID.random()), \($0.topic), \($0.payload))" }
        return "INSERT INTO \(identifier: schema).outbox (id, topic, payload) VALUES \(rows.joined())"
    }

    /// The event's INSERT for each row of `source` (a CTE name of the same statement): a hot path
    /// writes its event only when its change happened, still in one round trip.
    public func insert(topic: String, payload: [UInt8], id: UUID = .random(), forEachRowOf source: String) -> SQL {
        "INSERT INTO \(identifier: schema).outbox (id, topic, payload) SELECT \(id), \(topic), \(payload) FROM \(identifier: source)"
    }

    /// Published events after `sequence`, in order (the `EventsSince` catch-up).
    public func events(after sequence: Int64, limit: Int, pool: ConnectionPool) async throws -> [Event] {
        let rows = try await pool.query("""
            SELECT id, topic, payload, occurred_at, sequence FROM \(identifier: schema).outbox
            WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """)
        return try rows.map { try event($0) }
    }

    func event(_ row: Row) throws -> Event {
        let occurred: Date = try row.decode("occurred_at")
        return Event(id: try row.decode("id", as: UUID.self).uuidString.lowercased(), topic: try row.decode("topic"),
                     occurredAtUnixMs: Int64(occurred.timeIntervalSince1970 * 1000),
                     payload: Data(try row.decode("payload", as: [UInt8].self)), sequence: try row.decode("sequence"),
                     source: source)
    }
}
