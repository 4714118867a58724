import Bus
import Contracts
import Foundation
import Loyalty
import ServiceKit
import Store
import XCTest

/// Earn, redeem, expiry and the ledger's invariants on the real bus and Postgres, with a test clock.
final class LedgerServiceTests: XCTestCase {
    func test_earn_createsLot_andAnswersBalance() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            let earned = try await service.earn(card, store: store.id, amount: "1000.00")
            XCTAssertEqual(earned.pointsEarned, 40)
            XCTAssertEqual(earned.balance, 40)
            let half = try await service.earn(card, store: store.id, amount: "12.50")
            XCTAssertEqual(half.pointsEarned, 1)
            let below = try await service.earn(card, store: store.id, amount: "12.49")
            XCTAssertEqual(below.pointsEarned, 0)
            XCTAssertEqual(below.balance, 41)
            let rows = try await service.runtime.database.pool.query("SELECT amount, remaining, expires_at FROM lots ORDER BY id")
            XCTAssertEqual(rows.count, 2, "a purchase earning 0 points creates no lot")
            XCTAssertEqual(try rows[0].decode("expires_at", as: Date.self), Timestamps.parse("2027-01-21T00:00:00Z"))
            let state = try await service.ledgerState(card)
            XCTAssertEqual(state.balance, 41)
            XCTAssertEqual(state.lots, 41)
            let value1 = try await service.outboxTopics()
            XCTAssertEqual(value1, ["\(service.name).points_earned", "\(service.name).points_earned"])
        }
    }

    func test_redeem_consumesOldestLots_createsDiscount_andEarnsOnThePaidAmount() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")  // lot A: 40, expires 2027-01-21
            service.clock.advance(by: 86_400)
            _ = try await service.earn(card, store: store.id, amount: "500")  // lot B: 20, expires 2027-01-22
            // 50 points off a 1000 ₽ purchase: pays 950 ₽ → 38 points cashback.
            let redeemed = try await service.redeem(card, store: store.id, amount: "1000", points: 50)
            XCTAssertEqual(redeemed.pointsRedeemed, 50)
            XCTAssertEqual(redeemed.pointsEarned, 38)
            XCTAssertEqual(redeemed.balance, 60 - 50 + 38)
            XCTAssertGreaterThan(redeemed.discountId, 0)
            let draws = try await service.runtime.database.pool.query(
                """
                SELECT l.amount, d.points FROM lot_draws d JOIN lots l ON l.id = d.lot_id ORDER BY l.id
                """
            )
            XCTAssertEqual(try draws.map { [try $0.decode("amount", as: Int.self), try $0.decode("points", as: Int.self)] }, [[40, 40], [20, 10]])
            let state = try await service.ledgerState(card)
            XCTAssertEqual(state.balance, 48)
            XCTAssertEqual(state.lots, 48)
            let topics = try await service.outboxTopics()
            XCTAssertEqual(
                topics.suffix(3),
                ["\(service.name).discount_pending", "\(service.name).points_earned", "\(service.name).points_redeemed"]
            )
        }
    }

    func test_redeem_ofLotsExpiringTogether_drawsInTheirOrder_andStopsOnceCovered() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            // Three lots earned at the same moment, so with the same expiry: 40, 20 and 30 points.
            for amount in ["1000", "500", "750"] {
                _ = try await service.earn(card, store: store.id, amount: amount)
            }
            _ = try await service.redeem(card, store: store.id, amount: "1000", points: 50)
            let draws = try await service.runtime.database.pool.query(
                """
                SELECT l.amount, d.points FROM lot_draws d JOIN lots l ON l.id = d.lot_id ORDER BY l.id
                """
            )
            XCTAssertEqual(try draws.map { [try $0.decode("amount", as: Int.self), try $0.decode("points", as: Int.self)] }, [[40, 40], [20, 10]])
            let untouched = try await service.scalar("SELECT remaining AS v FROM lots WHERE amount = 30")
            XCTAssertEqual(untouched, 30)
        }
    }

    func test_redeem_whenBalanceTooLow_refuses_andChangesNothing() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "250")  // 10 points
            let reply = try await service.reply("Redeem", RedeemRequest(card: card, storeId: store.id, amount: "1000", points: 11), key: "k1")
            XCTAssertEqual(reply.status, .failedPrecondition)
            XCTAssertEqual(reply.reason, "INSUFFICIENT_BALANCE")
            let tooMuch = try await service.reply("Redeem", RedeemRequest(card: card, storeId: store.id, amount: "40", points: 9))
            XCTAssertEqual(tooMuch.status, .invalidArgument)
            XCTAssertEqual(tooMuch.violations.map(\.field), ["points"])
            let value2 = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts")
            XCTAssertEqual(value2, 0)
            let value3 = try await service.scalar("SELECT count(*)::int AS v FROM entries WHERE kind = 'redeem'")
            XCTAssertEqual(value3, 0)
            let value4 = try await service.ledgerState(card).balance
            XCTAssertEqual(value4, 10)
        }
    }

    func test_expiredPoints_areNotAvailable_beforeTheJob_andTheJobZeroesThem() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")  // 40, expires 2027-01-21T00:00Z
            service.clock.set(Timestamps.parse("2027-01-14T00:00:00Z")!)
            var view = try await service.customerView(card)
            XCTAssertEqual(view.balance, 40)
            XCTAssertEqual(view.expiringSoon, 40)
            XCTAssertEqual(view.nextExpiryAt, "2027-01-21T00:00:00.000Z")
            service.clock.set(Timestamps.parse("2027-01-20T23:59:59Z")!)
            view = try await service.customerView(card)
            XCTAssertEqual(view.balance, 40, "still valid one second before midnight")
            service.clock.set(Timestamps.parse("2027-01-21T00:00:00Z")!)
            view = try await service.customerView(card)
            XCTAssertEqual(view.balance, 0, "expired at 00:00 UTC even though the job has not run")
            let refused = try await service.reply("Redeem", RedeemRequest(card: card, storeId: store.id, amount: "1000", points: 1), key: "r")
            XCTAssertEqual(refused.reason, "INSUFFICIENT_BALANCE")
            let job = try await service.runJob("expire-points")
            XCTAssertEqual(job.processed, 1)
            XCTAssertEqual(job.summary.first { $0.key == "pointsExpired" }?.value, "40")
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots, state.unexpired], [0, 0, 0])
            let entry = try await service.call(
                "ListCustomerTransactions",
                ListCustomerTransactionsRequest(card: card),
                as: CustomerTransactionsPage.self
            )
            XCTAssertEqual(entry.transactions.map(\.type), ["expire", "earn"])
            XCTAssertEqual(entry.transactions.first?.points, -40)
            let value5 = try await service.runJob("expire-points").processed
            XCTAssertEqual(value5, 0, "a second run finds nothing")
            let value6 = try await service.outboxTopics().contains("\(service.name).points_expired")
            XCTAssertTrue(value6)
        }
    }

    func test_earn_afterExpiry_expiresLazily_soBalanceEqualsUnexpiredLots() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")
            service.clock.set(Timestamps.parse("2027-02-01T12:00:00Z")!)
            let earned = try await service.earn(card, store: store.id, amount: "250")
            XCTAssertEqual(earned.balance, 10)
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots, state.unexpired], [10, 10, 10])
        }
    }

    func test_earn_afterExpiry_writesTheExpiryThenTheEarn_eachOnce() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")
            service.clock.set(Timestamps.parse("2027-02-01T12:00:00Z")!)
            _ = try await service.earn(card, store: store.id, amount: "250")
            let kinds = try await service.runtime.database.pool.query("SELECT kind FROM entries ORDER BY id").map {
                try $0.decode("kind", as: String.self)
            }
            XCTAssertEqual(kinds, ["earn", "expire", "earn"])
            let topics = try await service.outboxTopics().map { $0.split(separator: ".").last.map(String.init) ?? $0 }
            XCTAssertEqual(topics, ["points_earned", "points_expired", "points_earned"])
            let visits = try await service.scalar("SELECT purchases AS v FROM customers WHERE card = \(card)")
            XCTAssertEqual(visits, 2)
            let records = try await service.scalar("SELECT count(*)::int AS v FROM cashier_transactions")
            XCTAssertEqual(records, 2)
        }
    }

    func test_earn_refusedAsDuplicate_writesNothing() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            let request = EarnRequest(card: card, storeId: store.id, amount: "1000")
            let first = try await service.reply("Earn", request)
            XCTAssertEqual(first.status, .ok)
            let rowsAfterFirst = try await service.scalar(Self.rowCount)
            let again = try await service.reply("Earn", request)
            XCTAssertEqual(again.reason, "DUPLICATE_TRANSACTION")
            let rowsAfterAgain = try await service.scalar(Self.rowCount)
            XCTAssertEqual(rowsAfterAgain, rowsAfterFirst, "entries, lots, records and events")
            let customer = try await service.runtime.database.pool.query(
                "SELECT balance, points_earned, purchases, spent_kopecks FROM customers WHERE card = \(card)"
            )
            XCTAssertEqual(
                try [
                    customer[0].decode("balance", as: Int.self), customer[0].decode("points_earned", as: Int.self),
                    customer[0].decode("purchases", as: Int.self), customer[0].decode("spent_kopecks", as: Int.self),
                ],
                [40, 40, 1, 100_000]
            )
        }
    }

    private static let rowCount: SQL = """
        SELECT ((SELECT count(*) FROM entries) + (SELECT count(*) FROM lots) + (SELECT count(*) FROM cashier_transactions)
                + (SELECT count(*) FROM outbox))::int AS v
        """

    func test_redeem_afterALotExpired_expiresItFirst_drawsFromTheOpenLots_andWritesEveryEntryAndEventInOrder() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")  // 40, expires 2027-01-21
            service.clock.set(Timestamps.parse("2027-01-10T00:00:00Z")!)
            _ = try await service.earn(card, store: store.id, amount: "2500")  // 100, expires 2027-02-24
            service.clock.set(Timestamps.parse("2027-01-25T00:00:00Z")!)
            // The first lot has expired and no job ran: 100 points are available, not 140.
            let redeemed = try await service.redeem(card, store: store.id, amount: "500", points: 60)
            XCTAssertEqual(redeemed.pointsRedeemed, 60)
            XCTAssertEqual(redeemed.pointsEarned, 18, "cashback on the 440 ₽ paid")
            XCTAssertEqual(redeemed.balance, 100 - 60 + 18)
            let state = try await service.ledgerState(card)
            XCTAssertEqual([state.balance, state.lots, state.unexpired], [58, 58, 58])
            let entries = try await service.runtime.database.pool.query(
                "SELECT kind, points, balance_after, discount_id FROM entries ORDER BY id"
            )
            XCTAssertEqual(
                try entries.map {
                    "\(try $0.decode("kind", as: String.self)) \(try $0.decode("points", as: Int.self)) \(try $0.decode("balance_after", as: Int.self))"
                },
                ["earn 40 40", "earn 100 140", "expire -40 100", "redeem -60 40", "earn 18 58"]
            )
            XCTAssertEqual(try entries[3].decodeIfPresent("discount_id", as: Int64.self), redeemed.discountId)
            let discount = try await service.runtime.database.pool.query(
                "SELECT d.points, d.status, e.kind FROM pending_discounts d JOIN entries e ON e.id = d.redeem_entry_id WHERE d.id = \(redeemed.discountId)"
            )
            XCTAssertEqual(try discount[0].decode("points", as: Int.self), 60)
            XCTAssertEqual(try discount[0].decode("status", as: String.self), "pending")
            XCTAssertEqual(try discount[0].decode("kind", as: String.self), "redeem")
            let drawn = try await service.scalar("SELECT sum(points)::int AS v FROM lot_draws")
            XCTAssertEqual(drawn, 60)
            let totals = try await service.runtime.database.pool.query(
                "SELECT points_earned, points_redeemed, purchases, spent_kopecks FROM customers WHERE card = \(card)"
            )
            XCTAssertEqual(
                try [
                    totals[0].decode("points_earned", as: Int.self), totals[0].decode("points_redeemed", as: Int.self),
                    totals[0].decode("purchases", as: Int.self),
                ],
                [158, 60, 3]
            )
            XCTAssertEqual(try totals[0].decode("spent_kopecks", as: Int64.self), 100_000 + 250_000 + 50_000)
            let topics = try await service.outboxTopics()
            XCTAssertEqual(
                topics.suffix(4),
                ["points_expired", "discount_pending", "points_earned", "points_redeemed"].map { "\(service.name).\($0)" }
            )
        }
    }

    /// One earn, then eight redemptions of one point, each drawn from the earn's lot.
    private func redeemOnePointEightTimesFromOneLot(_ service: LoyaltyHarness) async throws {
        let store = try await service.store()
        let card = try await service.customer()
        _ = try await service.earn(card, store: store.id, amount: "10000")
        for kopecks in 0..<8 {
            _ = try await service.redeem(card, store: store.id, amount: "100.0\(kopecks)", points: 1)
        }
    }

    func test_redeem_writesWithTheGenericPlan_notOnePlannedPerRedemption() async throws {
        // One connection: the service's redemptions and this test's look at pg_prepared_statements share a session.
        try await withLoyalty(poolSize: 1) { service in
            try await redeemOnePointEightTimesFromOneLot(service)
            let rows = try await service.runtime.database.pool.query(
                """
                SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
                FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO lot_draws%'
                """
            )
            XCTAssertGreaterThan(try rows[0].decode("generic", as: Int.self), 0, "the writing statement ran prepared")
            XCTAssertEqual(try rows[0].decode("custom", as: Int.self), 0, "a custom plan is a planning per redemption")
        }
    }

    func test_redeem_drawThatLeavesPointsInTheLot_isAHOTUpdate() async throws {
        // One connection: the service's redemptions and this test's look at the table's statistics share a session.
        try await withLoyalty(poolSize: 1) { service in
            try await redeemOnePointEightTimesFromOneLot(service)
            let pool = service.runtime.database.pool
            // The session's counts reach the shared statistics once it is idle after this.
            _ = try await pool.query("SELECT pg_stat_force_next_flush()")
            let rows = try await pool.query(
                "SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relid = 'lots'::regclass"
            )
            XCTAssertEqual(try rows[0].decode("updated", as: Int.self), 8, "each redemption drew from the earn's lot")
            XCTAssertEqual(try rows[0].decode("hot", as: Int.self), 8, "a draw that adds index entries leaves dead ones behind")
        }
    }

    func test_fiftyConcurrentRedemptions_neverOverdraw() async throws {
        try await withLoyalty(poolSize: 16) { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "25000")  // 1000 points
            // Each asks for 30 points of a 200 ₽ purchase (the 20% cap is 40) and earns 7 back on the
            // 170 ₽ paid: 43 can succeed (1000 − 23·42 ≥ 30), the rest must be refused, never overdrawn.
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await service.reply("Redeem", RedeemRequest(card: card, storeId: store.id, amount: "200", points: 30), key: "c-\(index)")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let succeeded = replies.filter { $0.status == .ok }.count
            let refused = replies.filter { $0.reason == "INSUFFICIENT_BALANCE" }.count
            XCTAssertEqual(succeeded + refused, 50, replies.filter { $0.status != .ok && $0.reason.isEmpty }.map(\.message).joined(separator: "; "))
            let state = try await service.ledgerState(card)
            XCTAssertGreaterThanOrEqual(state.balance, 0)
            XCTAssertEqual(state.balance, state.lots)
            XCTAssertEqual(state.balance, 1000 - succeeded * 30 + succeeded * 7)
            let value7 = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts")
            XCTAssertEqual(value7, succeeded)
            XCTAssertEqual(succeeded, 43)
            let value8 = try await service.scalar("SELECT sum(points)::int AS v FROM entries")
            XCTAssertEqual(value8, state.balance, "the ledger adds up to the balance")
        }
    }

    func test_twentyConcurrentSameRedemptionsWithoutKey_writeOne_andRefuseTheRestAsDuplicates() async throws {
        try await withLoyalty(poolSize: 16) { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "25000")  // 1000 points
            // The duplicate check is sent with the row lock: it must still see the redemption that
            // held the lock before it.
            let request = RedeemRequest(card: card, storeId: store.id, amount: "200", points: 30)
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await service.reply("Redeem", request) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(replies.filter { $0.status == .ok }.count, 1)
            XCTAssertEqual(replies.filter { $0.reason == "DUPLICATE_TRANSACTION" }.count, 19, replies.map(\.message).joined(separator: "; "))
            let state = try await service.ledgerState(card)
            XCTAssertEqual(state.balance, 1000 - 30 + 7)
            XCTAssertEqual(state.balance, state.lots)
            let discounts = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts")
            XCTAssertEqual(discounts, 1)
        }
    }

    func test_idempotencyKey_retryReturnsFirstAnswer_andChangesNothing() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            let first = try await service.earn(card, store: store.id, amount: "1000", key: "till-1-receipt-77")
            let again = try await service.earn(card, store: store.id, amount: "1000", key: "till-1-receipt-77")
            XCTAssertEqual(first, again)
            let value9 = try await service.ledgerState(card).balance
            XCTAssertEqual(value9, 40)
            let redeem1 = try await service.redeem(card, store: store.id, amount: "100", points: 20, key: "r-77")
            let redeem2 = try await service.redeem(card, store: store.id, amount: "100", points: 20, key: "r-77")
            XCTAssertEqual(redeem1, redeem2)
            let value10 = try await service.scalar("SELECT count(*)::int AS v FROM pending_discounts")
            XCTAssertEqual(value10, 1)
        }
    }

    func test_withoutKey_sameOperationWithinTenSeconds_isDuplicateTransaction() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            let request = EarnRequest(card: card, storeId: store.id, amount: "1000")
            let value11 = try await service.reply("Earn", request).status
            XCTAssertEqual(value11, .ok)
            service.clock.advance(by: 9)
            let duplicate = try await service.reply("Earn", request)
            XCTAssertEqual(duplicate.status, .aborted)
            XCTAssertEqual(duplicate.reason, "DUPLICATE_TRANSACTION")
            // A different amount or operation is not a duplicate; after 10 s the same one is fine again.
            let value12 = try await service.reply("Earn", EarnRequest(card: card, storeId: store.id, amount: "999")).status
            XCTAssertEqual(value12, .ok)
            service.clock.advance(by: 1.5)
            let value13 = try await service.reply("Earn", request).status
            XCTAssertEqual(value13, .ok)
            let value14 = try await service.ledgerState(card).balance
            XCTAssertEqual(value14, 40 + 40 + 40)
        }
    }

    func test_badInput_listsViolations_andWritesNothing() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let reply = try await service.reply("Earn", EarnRequest(card: "12x", storeId: -1, amount: "1.005"))
            XCTAssertEqual(reply.status, .invalidArgument)
            XCTAssertEqual(reply.violations.map(\.field), ["card", "storeId", "amount"])
            let unknown = try await service.reply("Earn", EarnRequest(card: "999999", storeId: store.id, amount: "10"))
            XCTAssertEqual(unknown.status, .notFound)
            let card = try await service.customer()
            let noStore = try await service.reply("Earn", EarnRequest(card: card, storeId: 9999, amount: "100"))
            XCTAssertEqual(noStore.status, .invalidArgument)
            XCTAssertEqual(noStore.violations.map(\.field), ["storeId"])
            let value15 = try await service.scalar("SELECT count(*)::int AS v FROM entries")
            XCTAssertEqual(value15, 0)
            let value16 = try await service.scalar("SELECT count(*)::int AS v FROM cashier_transactions")
            XCTAssertEqual(value16, 0)
        }
    }

    func test_balanceCheckConstraint_holdsInTheDatabase() async throws {
        try await withLoyalty { service in
            let card = try await service.customer()
            do {
                _ = try await service.runtime.database.pool.execute("UPDATE customers SET balance = -1 WHERE card = \(card)")
                XCTFail("a negative balance was stored")
            } catch {
                XCTAssertTrue("\(error)".contains("customers_balance_non_negative"), "\(error)")
            }
        }
    }

    func test_history_isNewestFirst_andPaged() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            for amount in ["100", "200", "300", "400", "500"] { _ = try await service.earn(card, store: store.id, amount: amount) }
            var seen: [String] = []
            var cursor = ""
            repeat {
                let page = try await service.call(
                    "ListCustomerTransactions",
                    ListCustomerTransactionsRequest(card: card, limit: 2, cursor: cursor),
                    as: CustomerTransactionsPage.self
                )
                seen += page.transactions.map(\.purchaseAmount)
                cursor = page.nextCursor
            } while !cursor.isEmpty
            XCTAssertEqual(seen, ["500.00", "400.00", "300.00", "200.00", "100.00"])
            let stores = try await service.call(
                "ListStoreTransactions",
                ListStoreTransactionsRequest(storeId: store.id, limit: 3),
                as: StoreTransactionsPage.self
            )
            XCTAssertEqual(stores.transactions.map(\.amount), ["500.00", "400.00", "300.00"])
            XCTAssertFalse(stores.nextCursor.isEmpty)
        }
    }

    func test_cleanupTransactions_deletesOldHistory_neverLotsOrBalances() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let card = try await service.customer()
            _ = try await service.earn(card, store: store.id, amount: "1000")
            service.clock.advance(by: 46 * 86_400)
            _ = try await service.earn(card, store: store.id, amount: "500")
            let job = try await service.runJob("cleanup-transactions")
            XCTAssertEqual(job.summary.first { $0.key == "deleted" }?.value, "1")
            let value17 = try await service.scalar("SELECT count(*)::int AS v FROM cashier_transactions")
            XCTAssertEqual(value17, 1)
            let value18 = try await service.scalar("SELECT count(*)::int AS v FROM lots")
            XCTAssertEqual(value18, 2)
            let value19 = try await service.ledgerState(card).balance
            XCTAssertEqual(value19, 20)
        }
    }
}
