import Contracts
import Foundation
import ServiceKit
import Store

/// The receipt amount open at each store's till, in the database so every replica sees it.
public struct PrecheckStore: Sendable {
    let pool: ConnectionPool
    let settings: LoyaltySettings

    public init(pool: ConnectionPool, settings: LoyaltySettings) {
        self.pool = pool
        self.settings = settings
    }

    /// Replaces the store's amount; readable for `precheckSeconds`.
    public func submit(storeId: Int32, kopecks: Int64, now: Date) async throws -> Precheck {
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.precheckSeconds))
        try await StoreErrors.mapping {
            _ = try await pool.execute(
                """
                INSERT INTO prechecks (store_id, kopecks, updated_at, expires_at) VALUES (\(storeId), \(kopecks), \(now), \(expiresAt))
                ON CONFLICT (store_id) DO UPDATE SET kopecks = excluded.kopecks, updated_at = excluded.updated_at, expires_at = excluded.expires_at
                """
            )
        }
        return Precheck(storeId: storeId, amount: Kopecks.format(kopecks), updatedAt: Timestamps.format(now), expiresAt: Timestamps.format(expiresAt))
    }

    /// Forgets the store's amount at once (the receipt was closed); false when there was none.
    public func clear(storeId: Int32) async throws -> Bool {
        try await pool.execute("DELETE FROM prechecks WHERE store_id = \(storeId)") > 0
    }

    /// The store's current amount, or `precheckNotFound` when none is fresh.
    public func current(storeId: Int32, now: Date) async throws -> Precheck {
        let rows = try await pool.query(
            """
            SELECT kopecks, updated_at, expires_at FROM prechecks WHERE store_id = \(storeId) AND expires_at > \(now)
            """
        )
        guard let row = rows.first else { throw LoyaltyError.precheckNotFound(storeId) }
        return Precheck(
            storeId: storeId,
            amount: Kopecks.format(try row.decode("kopecks")),
            updatedAt: Timestamps.format(try row.decode("updated_at")),
            expiresAt: Timestamps.format(try row.decode("expires_at"))
        )
    }
}
