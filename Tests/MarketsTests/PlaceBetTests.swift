import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Placing bets on the real bus and Postgres: debit, ledger, shares, refusals.
final class PlaceBetTests: XCTestCase {
    func test_betOnAQuotedMarket_debitsTheStake_writesALedgerRow_andFloorsTheShares() async throws {
        try await withMarkets { service in
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
            let ledger = try await service.runtime.database.pool.query(
                """
                SELECT type, amount, balance_after, reference FROM credit_transactions WHERE type = 'bet'
                """
            )
            XCTAssertEqual(ledger.count, 1)
            XCTAssertEqual(try ledger[0].decode("amount", as: Int.self), -100)
            XCTAssertEqual(try ledger[0].decode("balance_after", as: Int.self), 900)
            XCTAssertEqual(try ledger[0].decode("reference", as: String.self), bet.id)
            let events = try await service.scalar("SELECT count(*)::int AS v FROM outbox WHERE topic = \(service.name + ".bet_placed")")
            XCTAssertEqual(events, 1)
            let stats = try await service.scalar("SELECT pnl::int AS v FROM user_stats")
            XCTAssertEqual(stats, -100)
            try await service.assertMoneyInvariant()
        }
    }

    func test_betOnACPMMMarket_movesThePoolsAndPrices_andReturnsTheAveragePrice() async throws {
        try await withMarkets { service in
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
        }
    }

    func test_thePlacedBetsReply_isWhatALaterReadShows_butUnfilled() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            for market in [try await service.quotedMarket(), try await service.cpmmMarket(p: 0.5, liquidity: 100)] {
                var placed = try await service.bet(alice, market, "YES", 50)
                let stored = try await service.call("GetBet", GetBetRequest(betId: placed.id), as: Bet.self, principal: service.principal(alice))
                XCTAssertEqual(placed.unfilled, 0)
                placed.unfilled = stored.unfilled
                XCTAssertEqual(placed, stored)
            }
        }
    }

    func test_aCPMMBuyPast99Percent_fillsUpToIt_andDebitsOnlyWhatFilled() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.5, liquidity: 100)
            // 894.987… credits take YES to 99 %: 894 fill; the rest of the order is neither bought nor charged.
            let bet = try await service.bet(alice, market, "YES", 10_000)
            XCTAssertEqual(bet.amount, 894)
            XCTAssertEqual(bet.unfilled, 9_106)
            let credits = try await service.credits(alice)
            XCTAssertEqual(credits, 106)
            let debit = try await service.scalar("SELECT amount AS v FROM credit_transactions WHERE type = 'bet' AND reference = \(bet.id)")
            XCTAssertEqual(debit, -894)
            let yesPrice = try await service.scalar("SELECT price_micros AS v FROM market_outcomes WHERE idx = 0")
            XCTAssertLessThanOrEqual(yesPrice, 990_000)
            XCTAssertGreaterThan(yesPrice, 989_900, "the pool's own probability, just short of the limit")
            let stored = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(alice))
            XCTAssertEqual(stored.amount, 894)
            XCTAssertEqual(stored.shares, bet.shares)
            // The credits a fill needs are what it debits: 800 cannot pay for 894.
            let erin = try await service.signup()
            _ = try await service.bet(erin, try await service.quotedMarket(), "YES", 200)
            let short = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(
                    marketId: try await service.cpmmMarket(p: 0.5, liquidity: 100),
                    outcome: "NO",
                    amount: 10_000
                ),
                principal: service.principal(erin)
            )
            XCTAssertEqual(short.reason, "INSUFFICIENT_CREDITS")
            XCTAssertTrue(short.message.contains("800 available, 894 requested"), short.message)
            try await service.assertMoneyInvariant()
        }
    }

    func test_aBuyAtThePriceLimit_is409PriceAtLimit_andChangesNothing() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let bob = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.5, liquidity: 100)
            let first = try await service.bet(alice, market, "YES", 890)
            XCTAssertEqual(first.unfilled, 0, "under the limit a bet fills whole")
            let before = try await service.pools(market)
            // 4.987… credits are left before 99 %: under the 10-credit minimum bet.
            let under = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market, outcome: "yes", amount: 10),
                principal: service.principal(bob)
            )
            XCTAssertEqual(under.status, .aborted)
            XCTAssertEqual(under.reason, "PRICE_AT_LIMIT")
            XCTAssertTrue(under.message.contains("only 4 credits"), under.message)
            let top = try await service.cpmmMarket(p: 0.5, liquidity: 100)
            _ = try await service.bet(try await service.signup(), top, "YES", 10_000)
            let at = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: top, outcome: "YES", amount: 10),
                principal: service.principal(bob)
            )
            XCTAssertEqual(at.reason, "PRICE_AT_LIMIT")
            XCTAssertTrue(at.message.contains("YES is at its 99 % price limit: nothing more can be bought"), at.message)
            let after = try await service.pools(market)
            XCTAssertEqual(after, before, "the refused bet moved nothing")
            let bobsBets = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE user_id = \(UUID(uuidString: bob.user!.id)!)")
            let bobsCredits = try await service.credits(bob)
            XCTAssertEqual([bobsBets, bobsCredits], [0, 1000])
            // The other side still trades.
            let no = try await service.bet(bob, market, "NO", 10)
            XCTAssertEqual(no.amount, 10)
            try await service.assertMoneyInvariant()
        }
    }

    func test_badInput_is400WithFieldViolations_andWritesNothing() async throws {
        try await withMarkets { service in
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
        }
    }

    func test_closedResolvedOrExpiredMarkets_refuseWith409MarketClosed() async throws {
        try await withMarkets { service in
            let dave = try await service.signup()
            let closed = try await service.quotedMarket(status: "closed")
            let resolved = try await service.quotedMarket(status: "resolved")
            let expiring = try await service.quotedMarket(closeTime: MarketsHarness.epoch.addingTimeInterval(60))
            _ = try await service.bet(dave, expiring, "NO", 10)
            service.clock.advance(by: 60)
            for market in [closed, resolved, expiring] {
                let reply = try await service.reply(
                    "PlaceBet",
                    PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                    principal: service.principal(dave)
                )
                XCTAssertEqual(reply.status, .aborted)
                XCTAssertEqual(reply.reason, "MARKET_CLOSED")
            }
            let credits = try await service.credits(dave)
            XCTAssertEqual(credits, 990)
        }
    }

    func test_notEnoughCredits_is409InsufficientCredits_andTheBalanceStays() async throws {
        try await withMarkets { service in
            let erin = try await service.signup()
            let market = try await service.quotedMarket()
            _ = try await service.bet(erin, market, "YES", 995)
            let reply = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                principal: service.principal(erin)
            )
            XCTAssertEqual(reply.status, .aborted)
            XCTAssertEqual(reply.reason, "INSUFFICIENT_CREDITS")
            XCTAssertTrue(reply.message.contains("5 available"), reply.message)
            let credits = try await service.credits(erin)
            XCTAssertEqual(credits, 5)
            try await service.assertMoneyInvariant()
        }
    }

    func test_aCPMMBetWithoutTheCredits_isRefused_andLeavesThePoolsAndPricesAsTheyWere() async throws {
        try await withMarkets { service in
            let erin = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.5, liquidity: 1000)
            _ = try await service.bet(erin, try await service.quotedMarket(), "YES", 995)
            let before = try await service.pools(market)
            let request = PlaceBetRequest(marketId: market, outcome: "YES", amount: 10)
            let reply = try await service.reply("PlaceBet", request, principal: service.principal(erin))
            XCTAssertEqual(reply.reason, "INSUFFICIENT_CREDITS")
            XCTAssertTrue(reply.message.contains("5 available"), reply.message)
            let after = try await service.pools(market)
            XCTAssertEqual(after, before, "the refused bet moved nothing")
            let bets = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE market_id = \(UUID(uuidString: market)!)")
            XCTAssertEqual(bets, 0)
            try await service.assertMoneyInvariant()
        }
    }

    func test_aRetriedBetWithTheSameIdempotencyKey_isPlacedOnce() async throws {
        try await withMarkets { service in
            let frank = try await service.signup()
            let market = try await service.quotedMarket()
            let request = PlaceBetRequest(marketId: market, outcome: "NO", amount: 40)
            let first = try await service.call("PlaceBet", request, as: Bet.self, principal: service.principal(frank), key: "bet-1")
            let again = try await service.call("PlaceBet", request, as: Bet.self, principal: service.principal(frank), key: "bet-1")
            XCTAssertEqual(first, again)
            let credits = try await service.credits(frank)
            XCTAssertEqual(credits, 960)
        }
    }

    func test_signedOutCallers_cannotBet() async throws {
        try await withMarkets { service in
            let market = try await service.quotedMarket()
            let reply = try await service.reply("PlaceBet", PlaceBetRequest(marketId: market, outcome: "YES", amount: 10), principal: Principal())
            XCTAssertEqual(reply.status, .unauthenticated)
        }
    }
}
