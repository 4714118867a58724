import Contracts
import Foundation
import ServiceKit
import TestSupport
import XCTest

/// Every discount outcome is an outbox event carrying its store (the gateway streams them per store).
final class DiscountEventsTests: XCTestCase {
    func settledEvents(_ service: LoyaltyHarness, _ topic: String) async throws -> [DiscountSettled] {
        let rows = try await service.runtime.database.pool.query(
            "SELECT payload FROM outbox WHERE topic = \(service.name + "." + topic) ORDER BY created"
        )
        return try rows.map { try DiscountSettled(serializedBytes: try $0.decode("payload", as: [UInt8].self)) }
    }

    func test_applied_failed_expired_andLateApplied_eachWriteTheirEvent() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "10000")
            let applied = try await service.redeem(card, store: store.id, amount: "500", points: 10)
            let failed = try await service.redeem(card, store: store.id, amount: "500", points: 20)
            let expiring = try await service.redeem(card, store: store.id, amount: "500", points: 30)
            for (discount, status) in [(applied, "applied"), (failed, "failed")] {
                _ = try await service.call(
                    "ConfirmDiscount",
                    ConfirmDiscountRequest(discountId: discount.discountId, status: status),
                    as: ConfirmDiscountReply.self,
                    principal: LoyaltyHarness.store(store.id)
                )
            }
            service.clock.advance(by: 120)
            _ = try await service.runJob("expire-pending-discounts")
            // The till applied the expired one after all: posted late.
            _ = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: expiring.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )

            let appliedEvents = try await settledEvents(service, "discount_applied")
            XCTAssertEqual(appliedEvents.map(\.discountId), [applied.discountId, expiring.discountId])
            XCTAssertEqual(appliedEvents.map(\.late), [false, true])
            XCTAssertEqual(appliedEvents.map(\.storeId), [store.id, store.id])
            XCTAssertEqual(appliedEvents.first?.card, card)
            let failedEvents = try await settledEvents(service, "discount_failed")
            XCTAssertEqual(failedEvents.map(\.discountId), [failed.discountId])
            XCTAssertEqual(failedEvents.first?.pointsRefunded, 20)
            let expiredEvents = try await settledEvents(service, "discount_expired")
            XCTAssertEqual(expiredEvents.map(\.discountId), [expiring.discountId])
            XCTAssertEqual(expiredEvents.first?.pointsRefunded, 30)
        }
    }
}
