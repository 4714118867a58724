import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Placing bets on the real bus and Postgres: debit, ledger, shares, refusals.
final class PlaceBetTests: XCTestCase {
    func test_betOnAQuotedMarket_debitsTheStake_writesALedgerRow_andFloorsTheShares() async throws {
        let service = try await MarketsHarness.start()
        let alice = try await service.signup()
        let market = try await service.quotedMarket()
        let bet = try await service.bet(alice, market, "yes", 100)
        XCTAssertEqual(bet.marketId, market)
        XCTAssertEqual(bet.outcome, "YES", "the market's own spelling")
        XCTAssertEqual(bet.amount, 100)
        XCTAssertEqual(bet.shares, "166.666666")
        XCTAssertEqual(bet.price, 0.6)
        XCTAssertEqual(bet.status, "open")
        XCTAssertEqual(bet.createdAt, Timestamps.format(MarketsHarness.epoch))
        let credits = try await service.credits(alice)
        XCTAssertEqual(credits, 900)
        let ledger = try await service.runtime.database.pool.query("""
            SELECT type, amount, balance_after, reference FROM credit_transactions WHERE type = 'bet'
            """)
        XCTAssertEqual(ledger.count, 1)
        XCTAssertEqual(try ledger[0].decode("amount", as: Int.self), -100)
        XCTAssertEqual(try ledger[0].decode("balance_after", as: Int.self), 900)
        XCTAssertEqual(try ledger[0].decode("reference", as: String.self), bet.id)
        let events = try await service.scalar("SELECT count(*)::int AS v FROM outbox WHERE topic = \(service.name + ".bet_placed")")
        XCTAssertEqual(events, 1)
        let stats = try await service.scalar("SELECT pnl::int AS v FROM user_stats")
        XCTAssertEqual(stats, -100)
        try await service.assertMoneyInvariant()
        await service.stop()
    }

    func test_betOnACPMMMarket_movesThePoolsAndPrices_andReturnsTheAveragePrice() async throws {
        let service = try await MarketsHarness.start()
        let bob = try await service.signup()
        let market = try await service.cpmmMarket(p: 0.5, liquidity: 1000)
        let bet = try await service.bet(bob, market, "YES", 100)
        XCTAssertEqual(bet.shares, "190.909090")
        XCTAssertEqual(bet.price, 0.52381)
        let rows = try await service.runtime.database.pool.query("SELECT price_micros, pool_micros FROM market_outcomes ORDER BY idx")
        XCTAssertEqual(try rows[0].decode("pool_micros", as: Int64.self), 1_100_000_000 - 190_909_090)
        XCTAssertEqual(try rows[1].decode("pool_micros", as: Int64.self), 1_100_000_000)
        let yesPrice: Int = try rows[0].decode("price_micros")
        XCTAssertGreaterThan(yesPrice, 500_000)
        XCTAssertEqual(yesPrice + (try rows[1].decode("price_micros", as: Int.self)), 1_000_000)
        let no = try await service.bet(bob, market, "NO", 100)
        XCTAssertGreaterThan(MicroShares.parse(no.shares)!, 100_000_000)
        let after = try await service.scalar("SELECT price_micros AS v FROM market_outcomes WHERE idx = 0")
        XCTAssertLessThan(after, yesPrice, "a NO bet lowers the YES price")
        try await service.assertMoneyInvariant()
        await service.stop()
    }

    func test_badInput_is400WithFieldViolations_andWritesNothing() async throws {
        let service = try await MarketsHarness.start()
        let carol = try await service.signup()
        let market = try await service.quotedMarket()
        let cases: [(PlaceBetRequest, [String])] = [
            (PlaceBetRequest(marketId: market, outcome: "YES", amount: 0), ["amount"]),
            (PlaceBetRequest(marketId: market, outcome: "YES", amount: 9), ["amount"]),
            (PlaceBetRequest(marketId: market, outcome: "YES", amount: 10_001), ["amount"]),
            (PlaceBetRequest(marketId: market, outcome: "YES", amount: -50), ["amount"]),
            (PlaceBetRequest(marketId: market, outcome: "MAYBE", amount: 50), ["outcome"]),
            (PlaceBetRequest(marketId: market, outcome: "<script>alert(1)</script>", amount: 50), ["outcome"]),
            (PlaceBetRequest(marketId: market, outcome: "", amount: 50), ["outcome"]),
            (PlaceBetRequest(marketId: UUID().uuidString, outcome: "YES", amount: 50), ["marketId"]),
            (PlaceBetRequest(marketId: "'; DROP TABLE bets; --", outcome: "YES", amount: 50), ["marketId"]),
            (PlaceBetRequest(marketId: "", outcome: "", amount: 0), ["marketId", "outcome", "amount"]),
        ]
        for (request, fields) in cases {
            let reply = try await service.reply("PlaceBet", request, principal: service.principal(carol))
            XCTAssertEqual(reply.status, .invalidArgument, "\(request)")
            XCTAssertEqual(reply.violations.map(\.field), fields, "\(request)")
        }
        let bets = try await service.scalar("SELECT count(*)::int AS v FROM bets")
        let ledger = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions")
        let credits = try await service.credits(carol)
        let stats = try await service.scalar("SELECT count(*)::int AS v FROM user_stats")
        XCTAssertEqual([bets, ledger, credits, stats], [0, 1, 1000, 0])
        await service.stop()
    }

    func test_closedResolvedOrExpiredMarkets_refuseWith409MarketClosed() async throws {
        let service = try await MarketsHarness.start()
        let dave = try await service.signup()
        let closed = try await service.quotedMarket(status: "closed")
        let resolved = try await service.quotedMarket(status: "resolved")
        let expiring = try await service.quotedMarket(closeTime: MarketsHarness.epoch.addingTimeInterval(60))
        _ = try await service.bet(dave, expiring, "NO", 10)
        service.clock.advance(by: 60)
        for market in [closed, resolved, expiring] {
            let reply = try await service.reply("PlaceBet", PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                                                principal: service.principal(dave))
            XCTAssertEqual(reply.status, .aborted)
            XCTAssertEqual(reply.reason, "MARKET_CLOSED")
        }
        let credits = try await service.credits(dave)
        XCTAssertEqual(credits, 990)
        await service.stop()
    }

    func test_notEnoughCredits_is409InsufficientCredits_andTheBalanceStays() async throws {
        let service = try await MarketsHarness.start()
        let erin = try await service.signup()
        let market = try await service.quotedMarket()
        _ = try await service.bet(erin, market, "YES", 995)
        let reply = try await service.reply("PlaceBet", PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                                            principal: service.principal(erin))
        XCTAssertEqual(reply.status, .aborted)
        XCTAssertEqual(reply.reason, "INSUFFICIENT_CREDITS")
        XCTAssertTrue(reply.message.contains("5 available"), reply.message)
        let credits = try await service.credits(erin)
        XCTAssertEqual(credits, 5)
        try await service.assertMoneyInvariant()
        await service.stop()
    }

    func test_aRetriedBetWithTheSameIdempotencyKey_isPlacedOnce() async throws {
        let service = try await MarketsHarness.start()
        let frank = try await service.signup()
        let market = try await service.quotedMarket()
        let request = PlaceBetRequest(marketId: market, outcome: "NO", amount: 40)
        let first = try await service.call("PlaceBet", request, as: Bet.self, principal: service.principal(frank), key: "bet-1")
        let again = try await service.call("PlaceBet", request, as: Bet.self, principal: service.principal(frank), key: "bet-1")
        XCTAssertEqual(first, again)
        let credits = try await service.credits(frank)
        XCTAssertEqual(credits, 960)
        await service.stop()
    }

    func test_signedOutCallers_cannotBet() async throws {
        let service = try await MarketsHarness.start()
        let market = try await service.quotedMarket()
        let reply = try await service.reply("PlaceBet", PlaceBetRequest(marketId: market, outcome: "YES", amount: 10), principal: Principal())
        XCTAssertEqual(reply.status, .unauthenticated)
        await service.stop()
    }
}
