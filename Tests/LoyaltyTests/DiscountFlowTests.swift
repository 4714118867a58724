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
        try await service.call(
            "TakePendingDiscounts",
            TakePendingDiscountsRequest(storeId: store),
            as: PendingDiscounts.self,
            principal: principal ?? LoyaltyHarness.store(store)
        ).discounts
    }

    private func confirm(_ service: LoyaltyHarness, _ id: Int64, _ status: String, store: Int32, key: String = "") async throws -> Reply {
        try await service.reply(
            "ConfirmDiscount",
            ConfirmDiscountRequest(discountId: id, status: status),
            principal: LoyaltyHarness.store(store),
            key: key
        )
    }

    func test_agentTakesDiscountOnce_thenApplied_isFinal() async throws {
        try await withLoyalty { service in
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
        }
    }

    func test_failed_refundsIntoTheSameLots() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            service.clock.advance(by: 86_400)
            _ = try await service.earn(card, store: store.id, amount: "250")  // a newer lot of 10
            let redeemed = try await service.redeem(card, store: store.id, amount: "1000", points: 105)
            let before = try await service.runtime.database.pool.query("SELECT id, remaining FROM lots ORDER BY id")
            XCTAssertEqual(try before.map { try $0.decode("remaining", as: Int.self) }, [0, 5, 36], "oldest first; the last lot is the new cashback")
            _ = try await take(service, store.id)
            let reply = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: redeemed.discountId, status: "failed"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(reply.pointsRefunded, 105)
            let after = try await service.runtime.database.pool.query("SELECT remaining FROM lots ORDER BY id")
            XCTAssertEqual(try after.map { try $0.decode("remaining", as: Int.self) }, [100, 10, 36])
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots], [146, 146])
            let history = try await service.call(
                "ListCustomerTransactions",
                ListCustomerTransactionsRequest(card: card),
                as: CustomerTransactionsPage.self
            )
            XCTAssertEqual(history.transactions.first?.type, "refund")
            XCTAssertEqual(history.transactions.first?.discountId, redeemed.discountId)
        }
    }

    func test_processingTooLong_goesBackToPending_andExpiryRefunds() async throws {
        try await withLoyalty { service in
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
            let failed = try await confirm(service, redeemed.discountId, "failed", store: store.id)
            XCTAssertEqual(failed.reason, "DISCOUNT_EXPIRED")
        }
    }

    func test_confirmAfterExpiryTime_isRefusedAsExpired_andRefundsOnce_beforeTheJobRuns() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let keyed = try await service.redeem(card, store: store.id, amount: "250", points: 50)
            let plain = try await service.redeem(card, store: store.id, amount: "300", points: 50)
            let taken = try await take(service, store.id)
            XCTAssertEqual(taken.count, 2)
            service.clock.advance(by: 90)
            let late = try await confirm(service, keyed.discountId, "failed", store: store.id, key: "late-1")
            XCTAssertEqual(late.status, .aborted)
            XCTAssertEqual(late.reason, "DISCOUNT_EXPIRED")
            let latePlain = try await confirm(service, plain.discountId, "failed", store: store.id)
            XCTAssertEqual(latePlain.status, .aborted)
            XCTAssertEqual(latePlain.reason, "DISCOUNT_EXPIRED")
            let refunded = try await service.ledgerState(card).balance
            XCTAssertEqual(refunded, 100 + 8 + 10, "both refunded without the job")
            let again = try await confirm(service, keyed.discountId, "failed", store: store.id, key: "late-1")
            XCTAssertEqual(again.reason, "DISCOUNT_EXPIRED")
            let failedLate = try await confirm(service, plain.discountId, "failed", store: store.id)
            XCTAssertEqual(failedLate.reason, "DISCOUNT_EXPIRED")
            let job = try await service.runJob("expire-pending-discounts")
            XCTAssertEqual(job.processed, 0, "already expired by the confirmations")
            let refunds = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'refund'")
            XCTAssertEqual(refunds, 2, "one refund per discount")
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots], [118, 118])
        }
    }

    /// The agent took the discount, wrote discount.txt, 1C applied it, and the agent was down past
    /// the expiry: the job refunded the points. The agent's `applied` then takes them again, once.
    func test_appliedAfterTheJobRefunded_takesThePointsAgain_exactlyOnce() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 100)
            let taken = try await take(service, store.id)
            XCTAssertEqual(taken.map(\.id), [redeemed.discountId])
            service.clock.advance(by: 91)
            let job = try await service.runJob("expire-pending-discounts")
            XCTAssertEqual(job.processed, 1)
            let value1 = try await service.ledgerState(card).balance
            XCTAssertEqual(value1, 116, "voided: 100 back")
            service.clock.advance(by: 60)
            let late = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: redeemed.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id),
                key: "agent-1"
            )
            XCTAssertEqual(late, ConfirmDiscountReply(discountId: redeemed.discountId, status: "applied", late: true, pointsRedebited: 100))
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots], [16, 16], "spent once: 100 − 100 + 4% of 400 ₽")
            for key in ["agent-1", "agent-2", ""] {
                let again = try await confirm(service, redeemed.discountId, "applied", store: store.id, key: key)
                XCTAssertEqual(again.status, .ok, "repeat with key \(key)")
            }
            let repeated = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: redeemed.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(repeated, late, "the same answer again")
            let contrary = try await confirm(service, redeemed.discountId, "failed", store: store.id)
            XCTAssertEqual(contrary.reason, "DISCOUNT_FINISHED")
            let value2 = try await service.ledgerState(card).balance
            XCTAssertEqual(value2, 16)
            let kinds = try await service.runtime.database.pool.query(
                """
                SELECT kind, points FROM entries WHERE discount_id = \(redeemed.discountId) ORDER BY id
                """
            )
            XCTAssertEqual(
                try kinds.map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("points", as: Int.self))" },
                ["redeem -100", "refund 100", "redeem -100"],
                "held, voided, posted late: each entry names the discount"
            )
            let status = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts WHERE status = 'applied' AND late")
            XCTAssertEqual(status, 1)
            let shortfalls = try await service.scalar("SELECT count(*)::int AS v FROM discount_shortfalls")
            XCTAssertEqual(shortfalls, 0)
            let history = try await service.call(
                "ListStoreTransactions",
                ListStoreTransactionsRequest(storeId: store.id),
                as: StoreTransactionsPage.self
            )
            XCTAssertEqual(history.transactions.first?.discountStatus, "applied")
        }
    }

    func test_appliedAfterExpiryTime_beforeTheJob_isPostedLate_andTheJobFindsNothing() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 100)
            _ = try await take(service, store.id)
            service.clock.advance(by: 90)
            let late = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: redeemed.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual([late.late ? 1 : 0, Int(late.pointsRedebited), Int(late.shortfall)], [1, 100, 0])
            let job = try await service.runJob("expire-pending-discounts")
            XCTAssertEqual(job.processed, 0)
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots], [16, 16])
            let refunds = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'refund'")
            XCTAssertEqual(refunds, 1, "voided once by the clock, then posted")
        }
    }

    /// As above, but the customer spent the refunded points before the agent came back: what is
    /// left is taken, the rest is a recorded shortfall with an event, and the agent still gets 200.
    func test_appliedAfterTheRefundWasSpent_takesWhatIsLeft_andRecordsTheShortfall() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let first = try await service.redeem(card, store: store.id, amount: "500", points: 100)
            _ = try await take(service, store.id)
            service.clock.advance(by: 91)
            _ = try await service.runJob("expire-pending-discounts")
            let second = try await service.redeem(card, store: store.id, amount: "500", points: 100)
            XCTAssertEqual(second.balance, 32, "116 − 100 + 16")
            let late = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: first.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(
                late,
                ConfirmDiscountReply(discountId: first.discountId, status: "applied", late: true, pointsRedebited: 32, shortfall: 68)
            )
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots], [0, 0])
            let again = try await service.call(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: first.discountId, status: "applied"),
                as: ConfirmDiscountReply.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(again, late, "exactly once")
            let rows = try await service.runtime.database.pool.query(
                """
                SELECT discount_id, points, redebited, shortfall, store_id FROM discount_shortfalls
                """
            )
            XCTAssertEqual(rows.count, 1)
            XCTAssertEqual(try rows[0].decode("discount_id", as: Int64.self), first.discountId)
            XCTAssertEqual(
                try [
                    rows[0].decode("points", as: Int.self), rows[0].decode("redebited", as: Int.self),
                    rows[0].decode("shortfall", as: Int.self),
                ],
                [100, 32, 68]
            )
            let topic = "\(service.name).discount_shortfall"
            let topics = try await service.outboxTopics()
            XCTAssertEqual(topics.filter { $0 == topic }.count, 1)
            XCTAssertEqual(topics.last, topic)
            let event = try await service.runtime.database.pool.query("SELECT payload FROM outbox WHERE topic = \(topic)")
            let shortfall = try DiscountShortfall(serializedBytes: Array(try event[0].decode("payload", as: Data.self)))
            XCTAssertEqual([shortfall.points, shortfall.redebited, shortfall.shortfall], [100, 32, 68])
            XCTAssertEqual(shortfall.card, card)
            XCTAssertEqual(shortfall.storeId, store.id)
            let stats = try await service.call("GetCustomerStats", GetCustomerStatsRequest(card: card), as: CustomerStats.self)
            XCTAssertEqual(stats.pointsRedeemed, 100 - 100 + 100 + 32, "held, voided, the second discount, and what was taken again")
        }
    }

    func test_takingIsForTheStoresOwnKeyOnly_andTheListingChangesNothing() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let other = try await service.store("Sofrino")
            _ = try await service.call("AddCashier", AddCashierRequest(storeId: store.id, telegramId: 3001), as: Cashier.self)
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 40)
            for principal in [LoyaltyHarness.admin, LoyaltyHarness.telegram(3001)] {
                let refused = try await service.reply("TakePendingDiscounts", TakePendingDiscountsRequest(storeId: store.id), principal: principal)
                XCTAssertEqual(refused.status, .permissionDenied, principal.subject)
                XCTAssertEqual(refused.reason, "STORE_KEY_ONLY", principal.subject)
            }
            for principal in [LoyaltyHarness.admin, LoyaltyHarness.telegram(3001), LoyaltyHarness.store(store.id), LoyaltyHarness.admin] {
                let listed = try await service.call(
                    "ListPendingDiscounts",
                    ListPendingDiscountsRequest(storeId: store.id),
                    as: PendingDiscounts.self,
                    principal: principal
                ).discounts
                XCTAssertEqual(listed.map(\.id), [redeemed.discountId], principal.subject)
                XCTAssertEqual(listed.map(\.status), ["pending"], "listing takes nothing")
                XCTAssertEqual(listed.first?.amount, 40)
            }
            for principal in [LoyaltyHarness.store(other.id), LoyaltyHarness.telegram(3002)] {
                let denied = try await service.reply("ListPendingDiscounts", ListPendingDiscountsRequest(storeId: store.id), principal: principal)
                XCTAssertEqual(denied.status, .permissionDenied, principal.subject)
            }
            let taken = try await take(service, store.id)
            XCTAssertEqual(taken.map(\.id), [redeemed.discountId], "the agent still gets it at once")
            XCTAssertEqual(taken.map(\.status), ["processing"])
            let listed = try await service.call("ListPendingDiscounts", ListPendingDiscountsRequest(storeId: store.id), as: PendingDiscounts.self)
            XCTAssertEqual(listed.discounts.map(\.status), ["processing"])
            _ = try await confirm(service, redeemed.discountId, "applied", store: store.id)
            let after = try await service.call("ListPendingDiscounts", ListPendingDiscountsRequest(storeId: store.id), as: PendingDiscounts.self)
            XCTAssertEqual(after.discounts, [])
        }
    }

    func test_storeKey_cannotTouchAnotherStoresDiscounts() async throws {
        try await withLoyalty { service in
            let (store1, card) = try await setUp(service)
            let store2 = try await service.store("Sofrino")
            let redeemed = try await service.redeem(card, store: store1.id, amount: "500", points: 50)
            let peek = try await service.reply(
                "TakePendingDiscounts",
                TakePendingDiscountsRequest(storeId: store1.id),
                principal: LoyaltyHarness.store(store2.id)
            )
            XCTAssertEqual(peek.status, .permissionDenied)
            let confirm = try await confirm(service, redeemed.discountId, "failed", store: store2.id)
            XCTAssertEqual(confirm.status, .permissionDenied)
            let value11 = try await take(service, store2.id)
            XCTAssertEqual(value11, [])
            let value12 = try await take(service, store1.id).count
            XCTAssertEqual(value12, 1, "store 1's discount is untouched")
            let earnElsewhere = try await service.reply(
                "Earn",
                EarnRequest(card: card, storeId: store1.id, amount: "10"),
                principal: LoyaltyHarness.store(store2.id)
            )
            XCTAssertEqual(earnElsewhere.status, .permissionDenied)
        }
    }

    func test_confirm_withIdempotencyKey_andBadInput() async throws {
        try await withLoyalty { service in
            let (store, card) = try await setUp(service)
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 10)
            let first = try await confirm(service, redeemed.discountId, "failed", store: store.id, key: "c-1")
            let second = try await confirm(service, redeemed.discountId, "failed", store: store.id, key: "c-1")
            XCTAssertEqual(first, second)
            let value13 = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'refund'")
            XCTAssertEqual(value13, 1)
            let bad = try await service.reply(
                "ConfirmDiscount",
                ConfirmDiscountRequest(discountId: 0, status: "done"),
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(bad.violations.map(\.field), ["discountId", "status"])
            let missing = try await confirm(service, 999_999, "applied", store: store.id)
            XCTAssertEqual(missing.status, .notFound)
        }
    }

    func test_precheck_isKeptSixtySeconds_perStore() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let posted = try await service.call(
                "SubmitPrecheck",
                SubmitPrecheckRequest(storeId: store.id, amount: "1234.5"),
                as: Precheck.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(posted.amount, "1234.50")
            service.clock.advance(by: 59)
            let read = try await service.call(
                "GetPrecheck",
                GetPrecheckRequest(storeId: store.id),
                as: Precheck.self,
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(read.amount, "1234.50")
            service.clock.advance(by: 1)
            let gone = try await service.reply("GetPrecheck", GetPrecheckRequest(storeId: store.id), principal: LoyaltyHarness.store(store.id))
            XCTAssertEqual(gone.status, .notFound)
            let bad = try await service.reply(
                "SubmitPrecheck",
                SubmitPrecheckRequest(storeId: store.id, amount: "-3"),
                principal: LoyaltyHarness.store(store.id)
            )
            XCTAssertEqual(bad.violations.map(\.field), ["amount"])
        }
    }

    func test_clearedPrecheck_isNotServedAnyMore() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let other = try await service.store("Sofrino")
            let till = LoyaltyHarness.store(store.id)
            _ = try await service.call(
                "SubmitPrecheck",
                SubmitPrecheckRequest(storeId: store.id, amount: "99.90"),
                as: Precheck.self,
                principal: till
            )
            _ = try await service.call(
                "SubmitPrecheck",
                SubmitPrecheckRequest(storeId: other.id, amount: "10"),
                as: Precheck.self,
                principal: LoyaltyHarness.store(other.id)
            )
            let foreign = try await service.reply("ClearPrecheck", ClearPrecheckRequest(storeId: store.id), principal: LoyaltyHarness.store(other.id))
            XCTAssertEqual(foreign.status, .permissionDenied)
            service.clock.advance(by: 1)
            let cleared = try await service.call(
                "ClearPrecheck",
                ClearPrecheckRequest(storeId: store.id),
                as: ClearPrecheckReply.self,
                principal: till
            )
            XCTAssertEqual(cleared, ClearPrecheckReply(storeId: store.id, cleared: true))
            let gone = try await service.reply("GetPrecheck", GetPrecheckRequest(storeId: store.id), principal: till)
            XCTAssertEqual(gone.status, .notFound, "not served for the rest of the minute")
            let again = try await service.call("ClearPrecheck", ClearPrecheckRequest(storeId: store.id), as: ClearPrecheckReply.self, principal: till)
            XCTAssertFalse(again.cleared, "clearing twice is harmless")
            let kept = try await service.call(
                "GetPrecheck",
                GetPrecheckRequest(storeId: other.id),
                as: Precheck.self,
                principal: LoyaltyHarness.admin
            )
            XCTAssertEqual(kept.amount, "10.00", "other stores keep theirs")
        }
    }
}
