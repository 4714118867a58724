import Foundation
import ServiceKit
import Store

/// The nightly expiry: finds customers whose lots expired and expires them one transaction each.
public struct ExpiryStore: Sendable {
    let pool: ConnectionPool
    let ledger: LedgerWriter

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics) {
        self.pool = pool
        self.ledger = LedgerWriter(outbox: outbox, topics: topics)
    }

    /// Customers with points left in expired lots, after customer id `after`.
    public func customersWithExpiredLots(now: Date, after: Int64, limit: Int) async throws -> [Int64] {
        let rows = try await pool.query(
            """
            SELECT DISTINCT customer_id FROM lots
            WHERE open AND expires_at <= \(now) AND customer_id > \(after)
            ORDER BY customer_id LIMIT \(limit)
            """
        )
        return try rows.map { try $0.decode("customer_id") }
    }

    /// Expires one customer's expired lots; returns the points expired.
    public func expire(customerId: Int64, now: Date) async throws -> Int {
        try await pool.blockingTransaction { tx in
            let customer = try ledger.lock(tx, customerId: customerId)
            return try ledger.expire(tx, customer, now: now).expired
        }
    }
}
