import Contracts
import Foundation
import Loyalty
import ServiceKit
import Store
import TestSupport
import XCTest

/// `PreviewPurchase` answers what the Earn or Redeem that follows then does, refuses what they
/// refuse, and writes nothing.
final class PurchasePreviewTests: XCTestCase {
    func preview(
        _ service: LoyaltyHarness,
        _ card: String,
        store: Int32,
        amount: String,
        operation: String,
        points: Int32 = 0
    ) async throws -> PurchasePreview {
        try await service.call(
            "PreviewPurchase",
            PreviewPurchaseRequest(card: card, storeId: store, amount: amount, operation: operation, points: points),
            as: PurchasePreview.self
        )
    }

    /// Row counts and the lots' sum: anything a preview might write.
    func footprint(_ service: LoyaltyHarness) async throws -> [Int] {
        var values: [Int] = []
        for sql: SQL in [
            "SELECT count(*)::int AS v FROM outbox", "SELECT count(*)::int AS v FROM entries", "SELECT count(*)::int AS v FROM lots",
            "SELECT coalesce(sum(remaining), 0)::int AS v FROM lots", "SELECT count(*)::int AS v FROM pending_discounts",
            "SELECT count(*)::int AS v FROM cashier_transactions", "SELECT coalesce(sum(purchases), 0)::int AS v FROM customers",
            "SELECT coalesce(sum(balance), 0)::int AS v FROM customers",
        ] {
            values.append(try await service.scalar(sql))
        }
        return values
    }

    func test_preview_equalsTheEarnOrRedeemThatFollows_andWritesNothing() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()

            func earn(_ amount: String) async throws {
                let before = try await footprint(service)
                let preview = try await preview(service, card, store: store.id, amount: amount, operation: "earn")
                let after = try await footprint(service)
                XCTAssertEqual(after, before, "a preview writes nothing")
                let balance = try await service.customerView(card).balance
                let real = try await service.earn(card, store: store.id, amount: amount)
                XCTAssertEqual(preview.balance, balance, amount)
                XCTAssertEqual([preview.maxPoints, preview.points], [0, 0], amount)
                XCTAssertEqual(preview.discount, "0.00", amount)
                XCTAssertEqual(preview.payable, Kopecks.format(Kopecks.parse(amount)!), amount)
                XCTAssertEqual(preview.pointsEarned, real.pointsEarned, amount)
                XCTAssertEqual(preview.balanceAfter, real.balance, amount)
            }

            func redeem(_ amount: String, points: Int32, expected: Int32) async throws {
                let before = try await footprint(service)
                let preview = try await preview(service, card, store: store.id, amount: amount, operation: "redeem", points: points)
                let after = try await footprint(service)
                XCTAssertEqual(after, before, "a preview writes nothing")
                XCTAssertEqual(preview.points, expected, amount)
                let real = try await service.redeem(card, store: store.id, amount: amount, points: preview.points)
                XCTAssertEqual(preview.points, real.pointsRedeemed, amount)
                XCTAssertEqual(preview.pointsEarned, real.pointsEarned, amount)
                XCTAssertEqual(preview.balanceAfter, real.balance, amount)
                let paid = Kopecks.parse(amount)! - Int64(real.pointsRedeemed) * 100
                XCTAssertEqual(preview.payable, Kopecks.format(paid), amount)
                XCTAssertEqual(preview.discount, Kopecks.format(Int64(real.pointsRedeemed) * 100), amount)
            }

            try await earn("1000")  // 40, expires 2027-01-21
            try await earn("12.49")  // 0.4996 → 0
            try await earn("12.50")  // 0.5 → 1
            service.clock.advance(by: 44 * 86_400)
            try await earn("2500")  // 100, 44 days later
            service.clock.advance(by: 2 * 86_400)
            // The first lots expired (nobody zeroed them yet): not in the balance a preview shows.
            let stale = try await service.ledgerState(card)
            XCTAssertEqual(stale.lots, 141)
            let capped = try await preview(service, card, store: store.id, amount: "312.49", operation: "redeem")
            XCTAssertEqual([capped.balance, capped.maxPoints], [100, 62], "20% of 312.49 rounded down, below the balance")
            let value1 = try await service.ledgerState(card).lots
            XCTAssertEqual(value1, 141, "the preview expired nothing")
            try await redeem("312.49", points: 0, expected: 62)  // the cap edge
            try await redeem("500", points: 7, expected: 7)
            let balance = try await service.customerView(card).balance
            let whole = try await preview(service, card, store: store.id, amount: "10000", operation: "redeem")
            XCTAssertEqual(whole.maxPoints, balance, "the balance, below 20% of 10000")
            try await redeem("10000", points: 0, expected: balance)
            let newcomer = try await service.customer()
            let empty = try await preview(service, newcomer, store: store.id, amount: "100", operation: "redeem")
            XCTAssertEqual([empty.balance, empty.maxPoints, empty.points], [0, 0, 0])
            XCTAssertEqual(empty.payable, "100.00")
            XCTAssertEqual(empty.pointsEarned, 4)
        }
    }

    func test_preview_refusesWhatTheOperationRefuses_withTheSameCodes() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "250")  // 10 points
            let nobody = card == "100000" ? "100001" : "100000"

            @discardableResult
            func same(_ preview: PreviewPurchaseRequest, _ redeem: RedeemRequest, principal: Principal = LoyaltyHarness.admin) async throws -> Reply {
                let previewed = try await service.reply("PreviewPurchase", preview, principal: principal)
                let real = try await service.reply("Redeem", redeem, principal: principal, key: UUID().uuidString)
                XCTAssertNotEqual(real.status, .ok)
                XCTAssertEqual(previewed.status, real.status, "\(preview)")
                XCTAssertEqual(previewed.reason, real.reason, "\(preview)")
                XCTAssertEqual(previewed.violations.map(\.field), real.violations.map(\.field), "\(preview)")
                return previewed
            }
            // Above the balance, above 20% of the purchase, an unknown card, an unknown store,
            // a malformed amount, and a Telegram user who is not the store's cashier.
            let short = try await same(
                PreviewPurchaseRequest(card: card, storeId: store.id, amount: "1000", operation: "redeem", points: 11),
                RedeemRequest(card: card, storeId: store.id, amount: "1000", points: 11)
            )
            try await same(
                PreviewPurchaseRequest(card: card, storeId: store.id, amount: "40", operation: "redeem", points: 9),
                RedeemRequest(card: card, storeId: store.id, amount: "40", points: 9)
            )
            XCTAssertEqual(short.reason, "INSUFFICIENT_BALANCE")
            let unknownCard = try await same(
                PreviewPurchaseRequest(card: nobody, storeId: store.id, amount: "100", operation: "redeem", points: 1),
                RedeemRequest(card: nobody, storeId: store.id, amount: "100", points: 1)
            )
            XCTAssertEqual(unknownCard.status, .notFound)
            let unknownStore = try await same(
                PreviewPurchaseRequest(card: card, storeId: 999, amount: "100", operation: "redeem", points: 1),
                RedeemRequest(card: card, storeId: 999, amount: "100", points: 1)
            )
            XCTAssertEqual(unknownStore.violations.map(\.field), ["storeId"])
            try await same(
                PreviewPurchaseRequest(card: card, storeId: store.id, amount: "1.005", operation: "redeem", points: 1),
                RedeemRequest(card: card, storeId: store.id, amount: "1.005", points: 1)
            )
            try await same(
                PreviewPurchaseRequest(card: card, storeId: store.id, amount: "100", operation: "redeem", points: 1),
                RedeemRequest(card: card, storeId: store.id, amount: "100", points: 1),
                principal: LoyaltyHarness.telegram(77)
            )
            let unknown = try await service.reply(
                "PreviewPurchase",
                PreviewPurchaseRequest(card: nobody, storeId: store.id, amount: "1", operation: "earn")
            )
            XCTAssertEqual(unknown.status, .notFound)

            // What only a preview can get wrong: the operation, and points with an earn.
            let wrong = try await service.reply(
                "PreviewPurchase",
                PreviewPurchaseRequest(card: "12", storeId: 0, amount: "", operation: "spend", points: -1)
            )
            XCTAssertEqual(wrong.status, .invalidArgument)
            XCTAssertEqual(Set(wrong.violations.map(\.field)), ["operation", "points", "card", "storeId", "amount"])
            let earnPoints = try await service.reply(
                "PreviewPurchase",
                PreviewPurchaseRequest(card: card, storeId: store.id, amount: "100", operation: "earn", points: 3)
            )
            XCTAssertEqual(earnPoints.violations.map(\.field), ["points"])
            let missing = try await service.reply("PreviewPurchase", PreviewPurchaseRequest(card: card, storeId: store.id, amount: "100"))
            XCTAssertEqual(missing.violations.map(\.field), ["operation"])
            let value = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts")
            XCTAssertEqual(value, 0)
        }
    }
}
