import Contracts
import Foundation
import ServiceKit
import Store

/// Replaces a store's API key. The new key is in the answer only (stored as SHA-256, as at
/// creation); the old hash is gone in the same transaction that writes
/// `loyalty.store_key_rotated`, so whoever caches keys (the gateway) drops the store's at once.
public struct StoreKeyRotation: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: EventTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// The store with its new key, or `storeNotFound`.
    public func rotate(storeId: Int32, now: Date) async throws -> StoreInfo {
        let key = StoreDirectory.newKey()
        let event = try StoreKeyRotated(storeId: storeId, occurredAt: Timestamps.format(now)).serializedBytes()
        return try await pool.blockingTransaction { tx in
            let rows = try tx.query(
                """
                UPDATE stores SET api_key_hash = \(StoreDirectory.hash(key)) WHERE id = \(storeId)
                RETURNING name, created_at, (SELECT count(*)::int FROM store_cashiers WHERE store_id = \(storeId)) AS cashiers
                """
            )
            guard let row = rows.first else { throw LoyaltyError.storeNotFound(storeId) }
            try tx.execute(outbox.insert(topic: topics.storeKeyRotated, payload: event))
            return StoreInfo(
                id: storeId,
                name: try row.decode("name"),
                apiKey: key,
                createdAt: Timestamps.format(try row.decode("created_at")),
                cashiers: try row.decode("cashiers")
            )
        }
    }
}
