import Contracts
import Foundation
import ServiceKit
import Store

extension DiscountStore {
    /// Posts an `applied` that arrived after the discount was voided by its expiry: the till gave
    /// the discount (the agent was down while 1C applied it), so the customer keeps it and its
    /// points are spent once after all. They are drawn again with a `redeem` entry referencing the
    /// discount, as far as the available balance allows; what it does not cover is the shortfall,
    /// recorded in `discount_shortfalls` with a `discount_shortfall` event (the till already gave
    /// the discount, so refusing would only make the agent drop the truth). The discount ends
    /// `applied`, marked late, so a repeated confirmation changes nothing.
    func postLate(
        _ tx: BlockingTransaction,
        _ locked: LockedCustomer,
        _ discount: LockedDiscount,
        now: Date
    ) throws -> ConfirmDiscountReply {
        // The void may be older than lots that expired since: only unexpired points can be taken.
        var (customer, _) = try ledger.expire(tx, locked, now: now)
        let redebited = min(discount.points, customer.balance)
        if redebited > 0 {
            let entryId: Int64
            (entryId, customer) = try ledger.redeem(
                tx,
                customer,
                points: redebited,
                storeId: discount.storeId,
                purchaseKopecks: nil,
                discountId: discount.id,
                now: now
            )
            let event = PointsRedeemed(
                card: customer.card,
                storeId: discount.storeId,
                points: Int32(redebited),
                balance: Int32(customer.balance),
                entryId: entryId,
                discountId: discount.id,
                occurredAt: Timestamps.format(now)
            )
            try tx.execute(ledger.outbox.insert(topic: ledger.topics.pointsRedeemed, payload: try event.serializedBytes()))
        }
        let shortfall = discount.points - redebited
        try tx.execute(
            """
            UPDATE pending_discounts SET status = 'applied', late = true, points_redebited = \(redebited), shortfall = \(shortfall),
                                         finished_at = \(now)
            WHERE id = \(discount.id)
            """
        )
        try settled(tx, discount, card: customer.card, topic: ledger.topics.discountApplied, refunded: 0, late: true, now: now)
        if shortfall > 0 {
            try tx.execute(
                """
                INSERT INTO discount_shortfalls (discount_id, customer_id, store_id, points, redebited, shortfall, created_at)
                VALUES (\(discount.id), \(customer.id), \(discount.storeId), \(discount.points), \(redebited), \(shortfall), \(now))
                """
            )
            let event = DiscountShortfall(
                discountId: discount.id,
                storeId: discount.storeId,
                card: customer.card,
                points: Int32(discount.points),
                redebited: Int32(redebited),
                shortfall: Int32(shortfall),
                occurredAt: Timestamps.format(now)
            )
            try tx.execute(ledger.outbox.insert(topic: ledger.topics.discountShortfall, payload: try event.serializedBytes()))
        }
        return ConfirmDiscountReply(
            discountId: discount.id,
            status: DiscountStatus.applied.rawValue,
            late: true,
            pointsRedebited: Int32(redebited),
            shortfall: Int32(shortfall)
        )
    }
}
