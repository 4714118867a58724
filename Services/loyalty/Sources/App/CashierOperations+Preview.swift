import Contracts
import Foundation
import ServiceKit
import Store

extension CashierOperations {
    /// What `earn` or `redeem` of `input` would do at `now`, by the same rules and the same lot
    /// reads, and with the same refusals (unknown card, points above the balance, unknown store);
    /// writes nothing and takes no lock. A redemption asking for 0 points previews the most the
    /// purchase can take (none when the balance is empty: Redeem refuses 0 points).
    public func preview(_ input: PurchaseInput, kind: LedgerKind, now: Date) async throws -> PurchasePreview {
        // One snapshot for the customer, the store and the lots.
        try await pool.blockingTransaction(isolation: .repeatableRead) { tx in
            let rows = try tx.query(
                "SELECT id, EXISTS (SELECT 1 FROM stores WHERE id = \(input.storeId)) AS store_exists FROM customers WHERE card = \(input.card)"
            )
            guard let row = rows.first else { throw LoyaltyError.customerNotFound(input.card) }
            // What the operation's lazy expiry would leave: the unexpired lots.
            let lots = try ledger.openLots(tx, customerId: try row.decode("id"), now: now)
            let balance = LotPlanner.available(lots, at: now)
            var purchase = input
            var maxPoints = 0
            if kind == .redeem {
                maxPoints = CashbackRules.maxPoints(purchaseKopecks: purchase.kopecks, available: balance)
                if purchase.points == 0 { purchase.points = maxPoints }
                _ = try LedgerWriter.draws(points: purchase.points, from: lots, at: now)
            }
            // The operation's first write would fail on the store's foreign key (StoreErrors).
            guard try row.decode("store_exists", as: Bool.self) else { throw LoyaltyError.invalid("storeId", "no such store") }
            let earned = purchase.cashback
            return PurchasePreview(
                card: purchase.card,
                storeId: purchase.storeId,
                amount: Kopecks.format(purchase.kopecks),
                operation: kind.rawValue,
                balance: Int32(clamping: balance),
                maxPoints: Int32(clamping: maxPoints),
                points: Int32(clamping: purchase.points),
                discount: Kopecks.format(purchase.discountKopecks),
                payable: Kopecks.format(purchase.paidKopecks),
                pointsEarned: Int32(clamping: earned),
                balanceAfter: Int32(clamping: balance - purchase.points + earned)
            )
        }
    }
}
