import Foundation
import Store

/// The row a till operation leaves in the store's history (`cashier_transactions`), and the visit
/// it adds to the customer's running totals.
enum CashierRecord {
    /// The INSERT … RETURNING id of one operation (also embedded as the last part of an earn's
    /// statement, whose balance UPDATE counts the visit). `discountId`: the redemption's discount.
    static func insert(
        _ customer: LockedCustomer,
        storeId: Int32,
        kind: LedgerKind,
        kopecks: Int64,
        earned: Int,
        redeemed: Int,
        discountId: Int64?,
        now: Date
    ) -> SQL {
        """
        INSERT INTO cashier_transactions (store_id, customer_id, kind, purchase_kopecks, points_earned, points_redeemed, discount_id, created_at)
        VALUES (\(storeId), \(customer.id), \(kind.rawValue), \(kopecks), \(earned), \(redeemed), \(discountId), \(now))
        RETURNING id
        """
    }

    /// `insert` for each row of `source` (a CTE name of the same statement): the record is
    /// written only when the operation's checks passed, in the same round trip.
    static func insert(
        _ customer: LockedCustomer,
        storeId: Int32,
        kind: LedgerKind,
        kopecks: Int64,
        earned: Int,
        redeemed: Int,
        discountId: Int64?,
        now: Date,
        forEachRowOf source: String
    ) -> SQL {
        """
        INSERT INTO cashier_transactions (store_id, customer_id, kind, purchase_kopecks, points_earned, points_redeemed, discount_id, created_at)
        SELECT \(storeId), \(customer.id), \(kind.rawValue), \(kopecks), \(earned), \(redeemed), \(discountId), \(now) FROM \(identifier: source)
        RETURNING id
        """
    }
}
