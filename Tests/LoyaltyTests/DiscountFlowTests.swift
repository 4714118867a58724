import Bus
import Contracts
import Foundation
import Loyalty
import ServiceKit
import XCTest

/// Pending discounts between the cashier's redemption and the till's agent.
final class DiscountFlowTests: XCTestCase {
    private func setUp(_ service: LoyaltyHarness) async throws -> (store: StoreInfo, card: String) {
        let store = try await service.store()
        let card = try await service.customer()
        _ = try await service.earn(card, store: store.id, amount: "2500")  // 100 points
        return (store, card)
    }

    private func take(_ service: LoyaltyHarness, _ store: Int32, as principal: Principal? = nil) async throws -> [PendingDiscount] {
        try await service.call("TakePendingDiscounts", TakePendingDiscountsRequest(storeId: store), as: PendingDiscounts.self,
                               principal: principal ?? LoyaltyHarness.store(store)).discounts
    }

    private func confirm(_ service: LoyaltyHarness, _ id: Int64, _ status: String, store: Int32, key: String = "") async throws -> Reply {
        try await service.reply("ConfirmDiscount", ConfirmDiscountRequest(discountId: id, status: status), principal: LoyaltyHarness.store(store), key: key)
    }

    func test_agentTakesDiscountOnce_thenApplied_isFinal() async throws {
        let service = try await LoyaltyHarness.start()
        let (store, card) = try await setUp(service)
        let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 100)
        let taken = try await take(service, store.id)
        XCTAssertEqual(taken.map(\.id), [redeemed.discountId])
        XCTAssertEqual(taken.first?.amount, 100)
        XCTAssertEqual(taken.first?.card, card)
        let value1 = try await take(service, store.id)
        XCTAssertEqual(value1, [], "processing discounts are not handed over twice")
        let value2 = try await confirm(service, redeemed.discountId, "applied", store: store.id).status
        XCTAssertEqual(value2, .ok)
        let value3 = try await confirm(service, redeemed.discountId, "applied", store: store.id).status
        XCTAssertEqual(value3, .ok, "repeating is harmless")
        let late = try await confirm(service, redeemed.discountId, "failed", store: store.id)
        XCTAssertEqual(late.status, .aborted)
        XCTAssertEqual(late.reason, "DISCOUNT_FINISHED")
        let value4 = try await service.ledgerState(card).balance
        XCTAssertEqual(value4, 16, "100 − 100 + 4% of 400 ₽")
        await service.stop()
    }

    func test_failed_refundsIntoTheSameLots() async throws {
        let service = try await LoyaltyHarness.start()
        let (store, card) = try await setUp(service)
        service.clock.advance(by: 86_400)
        _ = try await service.earn(card, store: store.id, amount: "250")  // a newer lot of 10
        let redeemed = try await service.redeem(card, store: store.id, amount: "1000", points: 105)
        let before = try await service.runtime.database.pool.query("SELECT id, remaining FROM lots ORDER BY id")
        XCTAssertEqual(try before.map { try $0.decode("remaining", as: Int.self) }, [0, 5, 36], "oldest first; the last lot is the new cashback")
        _ = try await take(service, store.id)
        let reply = try await service.call("ConfirmDiscount", ConfirmDiscountRequest(discountId: redeemed.discountId, status: "failed"),
                                           as: ConfirmDiscountReply.self, principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(reply.pointsRefunded, 105)
        let after = try await service.runtime.database.pool.query("SELECT remaining FROM lots ORDER BY id")
        XCTAssertEqual(try after.map { try $0.decode("remaining", as: Int.self) }, [100, 10, 36])
        let state = try await service.ledgerState(card)
        XCTAssertEqual([state.balance, state.lots], [146, 146])
        let history = try await service.call("ListCustomerTransactions", ListCustomerTransactionsRequest(card: card), as: CustomerTransactionsPage.self)
        XCTAssertEqual(history.transactions.first?.type, "refund")
        XCTAssertEqual(history.transactions.first?.discountId, redeemed.discountId)
        await service.stop()
    }

    func test_processingTooLong_goesBackToPending_andExpiryRefunds() async throws {
        let service = try await LoyaltyHarness.start()
        let (store, card) = try await setUp(service)
        let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 100)
        let value5 = try await take(service, store.id).count
        XCTAssertEqual(value5, 1)
        service.clock.advance(by: 59)
        let value6 = try await take(service, store.id).count
        XCTAssertEqual(value6, 0)
        service.clock.advance(by: 2)
        let value7 = try await take(service, store.id).map(\.id)
        XCTAssertEqual(value7, [redeemed.discountId], "an agent that crashed loses nothing")
        let value8 = try await service.runJob("expire-pending-discounts").processed
        XCTAssertEqual(value8, 0, "not expired before 90 s")
        service.clock.advance(by: 30)
        let job = try await service.runJob("expire-pending-discounts")
        XCTAssertEqual(job.processed, 1)
        XCTAssertEqual(job.summary.first { $0.key == "pointsRefunded" }?.value, "100")
        let value9 = try await service.ledgerState(card).balance
        XCTAssertEqual(value9, 116)
        let value10 = try await take(service, store.id)
        XCTAssertEqual(value10, [], "expired discounts are never handed over")
        let applied = try await confirm(service, redeemed.discountId, "applied", store: store.id)
        XCTAssertEqual(applied.reason, "DISCOUNT_EXPIRED")
        await service.stop()
    }

    func test_confirmAfterExpiryTime_isRefusedAsExpired_andRefundsOnce_beforeTheJobRuns() async throws {
        let service = try await LoyaltyHarness.start()
        let (store, card) = try await setUp(service)
        let keyed = try await service.redeem(card, store: store.id, amount: "250", points: 50)
        let plain = try await service.redeem(card, store: store.id, amount: "300", points: 50)
        let taken = try await take(service, store.id)
        XCTAssertEqual(taken.count, 2)
        service.clock.advance(by: 90)
        let late = try await confirm(service, keyed.discountId, "applied", store: store.id, key: "late-1")
        XCTAssertEqual(late.status, .aborted)
        XCTAssertEqual(late.reason, "DISCOUNT_EXPIRED")
        let latePlain = try await confirm(service, plain.discountId, "applied", store: store.id)
        XCTAssertEqual(latePlain.status, .aborted)
        XCTAssertEqual(latePlain.reason, "DISCOUNT_EXPIRED")
        let refunded = try await service.ledgerState(card).balance
        XCTAssertEqual(refunded, 100 + 8 + 10, "both refunded without the job")
        let again = try await confirm(service, keyed.discountId, "applied", store: store.id, key: "late-1")
        XCTAssertEqual(again.reason, "DISCOUNT_EXPIRED")
        let failedLate = try await confirm(service, plain.discountId, "failed", store: store.id)
        XCTAssertEqual(failedLate.reason, "DISCOUNT_EXPIRED")
        let job = try await service.runJob("expire-pending-discounts")
        XCTAssertEqual(job.processed, 0, "already expired by the confirmations")
        let refunds = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'refund'")
        XCTAssertEqual(refunds, 2, "one refund per discount")
        let state = try await service.ledgerState(card)
        XCTAssertEqual([state.balance, state.lots], [118, 118])
        await service.stop()
    }

    func test_storeKey_cannotTouchAnotherStoresDiscounts() async throws {
        let service = try await LoyaltyHarness.start()
        let (store1, card) = try await setUp(service)
        let store2 = try await service.store("Sofrino")
        let redeemed = try await service.redeem(card, store: store1.id, amount: "500", points: 50)
        let peek = try await service.reply("TakePendingDiscounts", TakePendingDiscountsRequest(storeId: store1.id), principal: LoyaltyHarness.store(store2.id))
        XCTAssertEqual(peek.status, .permissionDenied)
        let confirm = try await confirm(service, redeemed.discountId, "failed", store: store2.id)
        XCTAssertEqual(confirm.status, .permissionDenied)
        let value11 = try await take(service, store2.id)
        XCTAssertEqual(value11, [])
        let value12 = try await take(service, store1.id).count
        XCTAssertEqual(value12, 1, "store 1's discount is untouched")
        let earnElsewhere = try await service.reply("Earn", EarnRequest(card: card, storeId: store1.id, amount: "10"), principal: LoyaltyHarness.store(store2.id))
        XCTAssertEqual(earnElsewhere.status, .permissionDenied)
        await service.stop()
    }

    func test_confirm_withIdempotencyKey_andBadInput() async throws {
        let service = try await LoyaltyHarness.start()
        let (store, card) = try await setUp(service)
        let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 10)
        let first = try await confirm(service, redeemed.discountId, "failed", store: store.id, key: "c-1")
        let second = try await confirm(service, redeemed.discountId, "failed", store: store.id, key: "c-1")
        XCTAssertEqual(first, second)
        let value13 = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'refund'")
        XCTAssertEqual(value13, 1)
        let bad = try await service.reply("ConfirmDiscount", ConfirmDiscountRequest(discountId: 0, status: "done"), principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(bad.violations.map(\.field), ["discountId", "status"])
        let missing = try await confirm(service, 999_999, "applied", store: store.id)
        XCTAssertEqual(missing.status, .notFound)
        await service.stop()
    }

    func test_precheck_isKeptSixtySeconds_perStore() async throws {
        let service = try await LoyaltyHarness.start()
        let store = try await service.store()
        let posted = try await service.call("SubmitPrecheck", SubmitPrecheckRequest(storeId: store.id, amount: "1234.5"), as: Precheck.self,
                                            principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(posted.amount, "1234.50")
        service.clock.advance(by: 59)
        let read = try await service.call("GetPrecheck", GetPrecheckRequest(storeId: store.id), as: Precheck.self, principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(read.amount, "1234.50")
        service.clock.advance(by: 1)
        let gone = try await service.reply("GetPrecheck", GetPrecheckRequest(storeId: store.id), principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(gone.status, .notFound)
        let bad = try await service.reply("SubmitPrecheck", SubmitPrecheckRequest(storeId: store.id, amount: "-3"), principal: LoyaltyHarness.store(store.id))
        XCTAssertEqual(bad.violations.map(\.field), ["amount"])
        await service.stop()
    }
}
