import Foundation
import Store

/// The row a till operation leaves in the store's history (`cashier_transactions`).
enum CashierRecord {
    /// The INSERT … RETURNING id of one operation (also embedded as the last part of an earn's statement).
    static func insert(_ customer: LockedCustomer, storeId: Int32, kind: LedgerKind, kopecks: Int64, earned: Int, redeemed: Int, now: Date) -> SQL {
        """
        INSERT INTO cashier_transactions (store_id, customer_id, kind, purchase_kopecks, points_earned, points_redeemed, created_at)
        VALUES (\(storeId), \(customer.id), \(kind.rawValue), \(kopecks), \(earned), \(redeemed), \(now))
        RETURNING id
        """
    }
}
