import Bus
import Contracts
import Foundation
import Loyalty
import ServiceKit
import XCTest

/// What the original keeps per customer (purchases, amount spent, points earned and redeemed, last
/// visit), and each redemption's discount outcome in the store's history.
final class CustomerStatsTests: XCTestCase {
    private func confirm(_ service: LoyaltyHarness, _ id: Int64, _ status: String, store: Int32) async throws {
        _ = try await service.call(
            "ConfirmDiscount",
            ConfirmDiscountRequest(discountId: id, status: status),
            as: ConfirmDiscountReply.self,
            principal: LoyaltyHarness.store(store)
        )
    }

    private func take(_ service: LoyaltyHarness, _ store: Int32) async throws {
        _ = try await service.call(
            "TakePendingDiscounts",
            TakePendingDiscountsRequest(storeId: store),
            as: PendingDiscounts.self,
            principal: LoyaltyHarness.store(store)
        )
    }

    /// Five purchases: two earns (one too small for a point) and three redemptions whose discounts
    /// end failed, applied and expired.
    private func aWeekOfShopping(_ service: LoyaltyHarness, store: Int32, card: String) async throws -> (discounts: [Int64], lastVisit: Date) {
        _ = try await service.earn(card, store: store, amount: "1000")  // +40
        service.clock.advance(by: 3600)
        _ = try await service.earn(card, store: store, amount: "10")  // +0
        service.clock.advance(by: 3600)
        let failed = try await service.redeem(card, store: store, amount: "500", points: 20)  // −20, +19
        try await take(service, store)
        try await confirm(service, failed.discountId, "failed", store: store)  // +20 back
        service.clock.advance(by: 3600)
        let applied = try await service.redeem(card, store: store, amount: "250", points: 10)  // −10, +10
        try await take(service, store)
        try await confirm(service, applied.discountId, "applied", store: store)
        service.clock.advance(by: 3600)
        let lastVisit = service.clock.now()
        let expired = try await service.redeem(card, store: store, amount: "100", points: 5)  // −5, +4
        try await take(service, store)
        service.clock.advance(by: 91)
        _ = try await service.runJob("expire-pending-discounts")  // +5 back
        return ([failed.discountId, applied.discountId, expired.discountId], lastVisit)
    }

    func test_stats_countPurchasesSpentAndPoints_andSurviveTheHistoryCleanup() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer(telegramId: 4001)
            let empty = try await service.call("GetCustomerStats", GetCustomerStatsRequest(card: card), as: CustomerStats.self)
            XCTAssertEqual(
                empty,
                CustomerStats(card: card, totalPurchases: 0, totalSpent: "0.00", pointsEarned: 0, pointsRedeemed: 0, lastVisitAt: "")
            )
            let (_, lastVisit) = try await aWeekOfShopping(service, store: store.id, card: card)
            let expected = CustomerStats(
                card: card,
                totalPurchases: 5,
                totalSpent: "1860.00",
                pointsEarned: 73,
                pointsRedeemed: 10,
                lastVisitAt: Timestamps.format(lastVisit)
            )
            let stats = try await service.call(
                "GetCustomerStats",
                GetCustomerStatsRequest(card: card),
                as: CustomerStats.self,
                principal: LoyaltyHarness.telegram(4001)
            )
            XCTAssertEqual(stats, expected, "the customer reads their own")
            let value1 = try await service.ledgerState(card).balance
            XCTAssertEqual(value1, 40 + 19 + 10 + 4 - 10, "earned − redeemed")

            service.clock.advance(by: 46 * 86_400)
            let cleanup = try await service.runJob("cleanup-transactions")
            XCTAssertEqual(cleanup.processed, 5)
            let history = try await service.call(
                "ListStoreTransactions",
                ListStoreTransactionsRequest(storeId: store.id),
                as: StoreTransactionsPage.self
            )
            XCTAssertEqual(history.transactions, [], "the store's history is gone")
            for principal in [LoyaltyHarness.admin, LoyaltyHarness.store(store.id), LoyaltyHarness.telegram(4001)] {
                let kept = try await service.call(
                    "GetCustomerStats",
                    GetCustomerStatsRequest(card: card),
                    as: CustomerStats.self,
                    principal: principal
                )
                XCTAssertEqual(kept, expected, "totals stay: \(principal.subject)")
            }
            let stranger = try await service.reply("GetCustomerStats", GetCustomerStatsRequest(card: card), principal: LoyaltyHarness.telegram(4002))
            XCTAssertEqual(stranger.status, .permissionDenied)
            XCTAssertEqual(stranger.reason, "NOT_YOUR_CARD")
            let bad = try await service.reply("GetCustomerStats", GetCustomerStatsRequest(card: "12"))
            XCTAssertEqual(bad.violations.map(\.field), ["card"])
        }
    }

    func test_storeHistory_showsEachRedemptionsDiscountOutcome() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            let (discounts, _) = try await aWeekOfShopping(service, store: store.id, card: card)
            let pending = try await service.redeem(card, store: store.id, amount: "100", points: 5)
            let page = try await service.call(
                "ListStoreTransactions",
                ListStoreTransactionsRequest(storeId: store.id),
                as: StoreTransactionsPage.self
            )
            let rows = page.transactions.map { "\($0.type) \($0.discountId) \($0.discountStatus)" }
            XCTAssertEqual(
                rows,
                [
                    "redeem \(pending.discountId) pending",
                    "redeem \(discounts[2]) expired",
                    "redeem \(discounts[1]) applied",
                    "redeem \(discounts[0]) failed",
                    "earn 0 ",
                    "earn 0 ",
                ]
            )
        }
    }
}
