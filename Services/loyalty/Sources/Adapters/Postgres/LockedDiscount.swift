import Contracts
import Foundation
import Store

/// A pending discount's row locked (`FOR UPDATE`) by the current transaction, after its customer.
struct LockedDiscount: Sendable, Equatable {
    var id: Int64
    var storeId: Int32
    var redeemEntryId: Int64
    var points: Int
    var status: DiscountStatus
    var expiresAt: Date
    /// Applied after its points had been refunded (see `DiscountStore.postLate`).
    var late: Bool
    var pointsRedebited: Int
    var shortfall: Int

    /// Locks the discount, or `discountNotFound`.
    static func lock(_ tx: BlockingTransaction, id: Int64) throws -> LockedDiscount {
        let rows = try tx.query(
            """
            SELECT store_id, redeem_entry_id, points, status, expires_at, late, points_redebited, shortfall
            FROM pending_discounts WHERE id = \(id) FOR UPDATE
            """
        )
        guard let row = rows.first else { throw LoyaltyError.discountNotFound(id) }
        return LockedDiscount(
            id: id,
            storeId: try row.decode("store_id"),
            redeemEntryId: try row.decode("redeem_entry_id"),
            points: try row.decode("points"),
            status: DiscountStatus(rawValue: try row.decode("status")) ?? .failed,
            expiresAt: try row.decode("expires_at"),
            late: try row.decode("late"),
            pointsRedebited: try row.decode("points_redebited"),
            shortfall: try row.decode("shortfall")
        )
    }

    /// The answer to a confirmation that repeats the outcome the discount already has.
    var reply: ConfirmDiscountReply {
        ConfirmDiscountReply(
            discountId: id,
            status: status.rawValue,
            pointsRefunded: status == .failed ? Int32(points) : 0,
            late: late,
            pointsRedebited: Int32(pointsRedebited),
            shortfall: Int32(shortfall)
        )
    }
}
