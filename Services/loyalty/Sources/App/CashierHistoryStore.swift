import Contracts
import Foundation
import ServiceKit
import Store

/// The stores' operation history (cashier_transactions): listing and retention.
public struct CashierHistoryStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Operations of one store, newest first, before id `before` (nil: from the newest); a
    /// redemption with its discount's outcome as it is now.
    public func list(storeId: Int32, before: Int64?, limit: Int) async throws -> [CashierTransaction] {
        let rows = try await pool.query(
            """
            SELECT t.id, t.store_id, c.card, t.kind, t.purchase_kopecks, t.points_earned, t.points_redeemed, t.created_at,
                   t.discount_id, d.status AS discount_status
            FROM cashier_transactions t JOIN customers c ON c.id = t.customer_id
            LEFT JOIN pending_discounts d ON d.id = t.discount_id
            WHERE t.store_id = \(storeId) AND t.id < \(before ?? Int64.max)
            ORDER BY t.id DESC LIMIT \(limit)
            """
        )
        return try rows.map { row in
            CashierTransaction(
                id: try row.decode("id"),
                storeId: try row.decode("store_id"),
                card: try row.decode("card"),
                type: try row.decode("kind"),
                amount: Kopecks.format(try row.decode("purchase_kopecks")),
                pointsEarned: try row.decode("points_earned"),
                pointsRedeemed: try row.decode("points_redeemed"),
                createdAt: Timestamps.format(try row.decode("created_at")),
                discountId: try row.decodeIfPresent("discount_id") ?? 0,
                discountStatus: try row.decodeIfPresent("discount_status") ?? ""
            )
        }
    }

    /// Deletes history older than `cutoff` in batches (short transactions); lots, entries and
    /// balances are never touched. Returns the rows deleted.
    public func deleteOlder(than cutoff: Date, batch: Int = 10_000) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await pool.execute(
                """
                DELETE FROM cashier_transactions WHERE id IN (
                    SELECT id FROM cashier_transactions WHERE created_at < \(cutoff) LIMIT \(batch))
                """
            )
            total += deleted
            if deleted < batch { return total }
        }
    }
}
