import Contracts
import Foundation
import Loyalty
import ServiceKit
import TestSupport
import XCTest

/// `GetDiscount`: one discount of a store and its outcome (the cashier page follows a redemption
/// with it), and the `discount_processing` event of the hand-over to the till.
final class DiscountStateTests: XCTestCase {
    func state(_ service: LoyaltyHarness, store: Int32, _ id: Int64, principal: Principal = LoyaltyHarness.admin) async throws -> DiscountState {
        try await service.call("GetDiscount", GetDiscountRequest(storeId: store, discountId: id), as: DiscountState.self, principal: principal)
    }

    func take(_ service: LoyaltyHarness, _ store: Int32) async throws -> [PendingDiscount] {
        try await service.call(
            "TakePendingDiscounts",
            TakePendingDiscountsRequest(storeId: store),
            as: PendingDiscounts.self,
            principal: LoyaltyHarness.store(store)
        ).discounts
    }

    func confirm(_ service: LoyaltyHarness, _ id: Int64, _ status: String, store: Int32) async throws {
        _ = try await service.call(
            "ConfirmDiscount",
            ConfirmDiscountRequest(discountId: id, status: status),
            as: ConfirmDiscountReply.self,
            principal: LoyaltyHarness.store(store)
        )
    }

    func test_discount_showsItsStatus_fromPendingToItsOutcome() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "10000")
            let created = service.clock.now()
            let applied = try await service.redeem(card, store: store.id, amount: "500", points: 10)
            let failed = try await service.redeem(card, store: store.id, amount: "600", points: 20)

            var pending = try await state(service, store: store.id, applied.discountId, principal: LoyaltyHarness.store(store.id))
            XCTAssertEqual(pending.status, "pending")
            XCTAssertEqual(pending.card, card)
            XCTAssertEqual(pending.amount, 10)
            XCTAssertEqual(pending.storeId, store.id)
            XCTAssertEqual(pending.createdAt, Timestamps.format(created))
            XCTAssertEqual(pending.expiresAt, Timestamps.format(created.addingTimeInterval(90)))
            XCTAssertEqual(pending.settledAt, "")
            XCTAssertFalse(pending.late)

            _ = try await take(service, store.id)
            pending = try await state(service, store: store.id, applied.discountId)
            XCTAssertEqual(pending.status, "processing")
            service.clock.advance(by: 5)
            try await confirm(service, applied.discountId, "applied", store: store.id)
            try await confirm(service, failed.discountId, "failed", store: store.id)
            let done = try await state(service, store: store.id, applied.discountId)
            XCTAssertEqual(done.status, "applied")
            XCTAssertEqual(done.settledAt, Timestamps.format(created.addingTimeInterval(5)))
            let refused = try await state(service, store: store.id, failed.discountId)
            XCTAssertEqual(refused.status, "failed")
            XCTAssertEqual(refused.amount, 20)
        }
    }

    func test_discount_pastItsExpiry_isExpired_beforeTheJob_andLateWhenAppliedAfter() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "10000")
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 10)
            let expiresAt = service.clock.now().addingTimeInterval(90)
            service.clock.advance(by: 120)
            let expired = try await state(service, store: store.id, redeemed.discountId)
            XCTAssertEqual(expired.status, "expired", "by the clock, the job has not run")
            XCTAssertEqual(expired.settledAt, Timestamps.format(expiresAt))
            let stored = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts WHERE status = 'pending'")
            XCTAssertEqual(stored, 1, "reading changes nothing")
            try await confirm(service, redeemed.discountId, "applied", store: store.id)
            let late = try await state(service, store: store.id, redeemed.discountId)
            XCTAssertEqual(late.status, "applied")
            XCTAssertTrue(late.late)
            XCTAssertEqual(late.settledAt, Timestamps.format(service.clock.now()))
        }
    }

    func test_discount_ofAnotherStore_isNotFound_asAMissingOne() async throws {
        try await withLoyalty { service in
            let first = try await service.store("First")
            let second = try await service.store("Second")
            let card = try await service.customer()
            _ = try await service.earn(card, store: first.id, amount: "10000")
            let theirs = try await service.redeem(card, store: first.id, amount: "500", points: 10)
            let asked = try await service.reply(
                "GetDiscount",
                GetDiscountRequest(storeId: second.id, discountId: theirs.discountId),
                principal: LoyaltyHarness.store(second.id)
            )
            let missing = try await service.reply(
                "GetDiscount",
                GetDiscountRequest(storeId: second.id, discountId: theirs.discountId + 1000),
                principal: LoyaltyHarness.store(second.id)
            )
            XCTAssertEqual(asked.status, .notFound)
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(
                asked.message.replacingOccurrences(of: "\(theirs.discountId)", with: "N"),
                missing.message.replacingOccurrences(of: "\(theirs.discountId + 1000)", with: "N")
            )
            // Another store's key, and a Telegram user who is not its cashier, may not ask at all.
            let otherKey = try await service.reply(
                "GetDiscount",
                GetDiscountRequest(storeId: first.id, discountId: theirs.discountId),
                principal: LoyaltyHarness.store(second.id)
            )
            XCTAssertEqual(otherKey.status, .permissionDenied)
            let stranger = try await service.reply(
                "GetDiscount",
                GetDiscountRequest(storeId: first.id, discountId: theirs.discountId),
                principal: LoyaltyHarness.telegram(5)
            )
            XCTAssertEqual(stranger.status, .permissionDenied)
            _ = try await service.call("AddCashier", AddCashierRequest(storeId: first.id, telegramId: 5), as: Cashier.self)
            let cashier = try await state(service, store: first.id, theirs.discountId, principal: LoyaltyHarness.telegram(5))
            XCTAssertEqual(cashier.status, "pending")
            let bad = try await service.reply("GetDiscount", GetDiscountRequest(storeId: 0, discountId: -1))
            XCTAssertEqual(bad.status, .invalidArgument)
            XCTAssertEqual(Set(bad.violations.map(\.field)), ["storeId", "discountId"])
        }
    }

    func test_take_writesDiscountProcessing_forEachDiscountHandedOver() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "10000")
            let first = try await service.redeem(card, store: store.id, amount: "500", points: 10)
            let second = try await service.redeem(card, store: store.id, amount: "600", points: 20)
            let handedAt = service.clock.now()
            let taken = try await take(service, store.id)
            XCTAssertEqual(taken.map(\.id), [first.discountId, second.discountId])
            let value2 = try await take(service, store.id)
            XCTAssertEqual(value2, [], "nothing left to hand over")

            let rows = try await service.runtime.database.pool.query(
                "SELECT payload FROM outbox WHERE topic = \(service.name + ".discount_processing") ORDER BY created"
            )
            let events = try rows.map { try DiscountProcessing(serializedBytes: try $0.decode("payload", as: [UInt8].self)) }.sorted {
                $0.discountId < $1.discountId
            }
            XCTAssertEqual(events.map(\.discountId), [first.discountId, second.discountId], "one event per discount, only when handed over")
            XCTAssertEqual(events.map(\.storeId), [store.id, store.id])
            XCTAssertEqual(events.map(\.amount), [10, 20])
            XCTAssertEqual(events.first?.card, card)
            XCTAssertEqual(events.first?.expiresAt, taken.first?.expiresAt)
            XCTAssertEqual(events.first?.occurredAt, Timestamps.format(handedAt))
            let topics = try await service.outboxTopics().filter { $0.contains(".discount_") }
            XCTAssertEqual(
                topics.map { String($0.dropFirst(service.name.count + 1)) },
                ["discount_pending", "discount_pending", "discount_processing", "discount_processing"],
                "the hand-over follows the redemptions in the outbox's order"
            )
        }
    }
}
