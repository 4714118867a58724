import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Selling shares back: partial and full, at the current price, owner only, open markets only.
final class SellBetTests: XCTestCase {
    func test_partialThenFullSell_atTheCurrentQuote_creditsFlooredProceeds() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let market = try await service.quotedMarket()
            let bet = try await service.bet(alice, market, "YES", 100)  // 166.666666 shares at 0.6
            let part = try await service.sell(alice, bet, shares: "50")
            XCTAssertEqual(part.betId, bet.id)
            XCTAssertEqual(part.sharesSold, "50.000000")
            XCTAssertEqual(part.proceeds, 30)
            XCTAssertEqual(part.credits, 930)
            XCTAssertEqual(part.price, 0.6)
            var stored = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(alice))
            XCTAssertEqual(stored.status, "open")
            XCTAssertEqual(stored.shares, "116.666666")
            // The source's quote moved: the rest sells at the new price.
            try await service.runtime.database.pool.execute("UPDATE market_outcomes SET price_micros = 750000 WHERE idx = 0")
            let rest = try await service.sell(alice, bet)
            XCTAssertEqual(rest.sharesSold, "116.666666")
            XCTAssertEqual(rest.proceeds, 87)  // 87.4999995 floored
            XCTAssertEqual(rest.credits, 1017)
            stored = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(alice))
            XCTAssertEqual(stored.status, "sold")
            XCTAssertEqual(stored.shares, "0.000000")
            XCTAssertEqual(stored.proceeds, 117)
            XCTAssertEqual(stored.settledAt, Timestamps.format(MarketsHarness.epoch))
            let again = try await service.reply("SellBet", SellBetRequest(betId: bet.id), principal: service.principal(alice))
            XCTAssertEqual(again.status, .aborted)
            XCTAssertEqual(again.reason, "BET_NOT_OPEN")
            let pnl = try await service.scalar("SELECT pnl::int AS v FROM user_stats")
            XCTAssertEqual(pnl, 17)
            let sales = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'sale' AND reference = \(bet.id)")
            XCTAssertEqual(sales, 2)
            try await service.assertMoneyInvariant()
        }
    }

    func test_sellingOnACPMMMarket_returnsAtMostTheStake_andRestoresThePrice() async throws {
        try await withMarkets { service in
            let bob = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.4, liquidity: 500)
            let bet = try await service.bet(bob, market, "NO", 200)
            let raised = try await service.scalar("SELECT price_micros AS v FROM market_outcomes WHERE idx = 1")
            XCTAssertGreaterThan(raised, 600_000)
            let sale = try await service.sell(bob, bet)
            XCTAssertEqual(sale.sharesSold, bet.shares)
            XCTAssertLessThanOrEqual(sale.proceeds, 200)
            XCTAssertGreaterThanOrEqual(sale.proceeds, 199)
            XCTAssertEqual(sale.price, Double(sale.proceeds) / Double(MicroShares.parse(bet.shares)!) * 1_000_000, accuracy: 1e-9)
            let restored = try await service.scalar("SELECT price_micros AS v FROM market_outcomes WHERE idx = 1")
            XCTAssertEqual(restored, 600_000, accuracy: 2_000)
            try await service.assertMoneyInvariant()
        }
    }

    func test_aSaleWorthUnderOneCredit_isRefusedInPart_andClosesTheBetForZeroWhenItIsEverything() async throws {
        try await withMarkets { service in
            let dana = try await service.signup()
            let market = try await service.quotedMarket()
            let bet = try await service.bet(dana, market, "NO", 20)  // 50 shares at 0.4
            try await service.runtime.database.pool.execute("UPDATE market_outcomes SET price_micros = 10000 WHERE idx = 1")
            // 50 shares at 1 ¢ are worth 0.5 credits: part of them is refused, all of them close the bet.
            let part = try await service.reply("SellBet", SellBetRequest(betId: bet.id, shares: "10"), principal: service.principal(dana))
            XCTAssertEqual(part.status, .invalidArgument)
            XCTAssertEqual(part.violations.map(\.field), ["shares"])
            let all = try await service.sell(dana, bet)
            XCTAssertEqual(all.sharesSold, "50.000000")
            XCTAssertEqual(all.proceeds, 0)
            XCTAssertEqual(all.credits, 980)
            let stored = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(dana))
            XCTAssertEqual(stored.status, "sold")
            XCTAssertEqual(stored.shares, "0.000000")
            XCTAssertEqual(stored.proceeds, 0)
            let sale = try await service.scalar("SELECT amount AS v FROM credit_transactions WHERE type = 'sale' AND reference = \(bet.id)")
            XCTAssertEqual(sale, 0, "the ledger shows the sale, for nothing")
            try await service.assertMoneyInvariant()
        }
    }

    func test_aCPMMSale_stopsAt1Percent_sayingWhatItSold_and409sAtTheLimit() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let bob = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.5, liquidity: 100)
            let yes = try await service.bet(alice, market, "YES", 10_000)  // to 99 %
            let no = try await service.bet(bob, market, "NO", 10_000)  // back to 1 %
            XCTAssertGreaterThan(no.unfilled, 0)
            let before = try await service.pools(market)
            let refused = try await service.reply("SellBet", SellBetRequest(betId: yes.id), principal: service.principal(alice))
            XCTAssertEqual(refused.status, .aborted)
            XCTAssertEqual(refused.reason, "PRICE_AT_LIMIT")
            XCTAssertTrue(refused.message.contains("YES is at its 1 % price limit"), refused.message)
            let unchanged = try await service.pools(market)
            XCTAssertEqual(unchanged, before)
            // Bob sells a third of his NO: YES rises, and Alice's sale goes as far as 1 % again.
            let third = MicroShares.format(MicroShares.parse(no.shares)! / 3)
            let bobs = try await service.sell(bob, no, shares: third)
            XCTAssertEqual(bobs.sharesSold, third)
            let alices = try await service.sell(alice, yes)
            let sold = MicroShares.parse(alices.sharesSold)!
            XCTAssertGreaterThan(sold, 0)
            XCTAssertLessThan(sold, MicroShares.parse(yes.shares)!, "stopped at the limit")
            XCTAssertGreaterThan(alices.proceeds, 0)
            let stored = try await service.call("GetBet", GetBetRequest(betId: yes.id), as: Bet.self, principal: service.principal(alice))
            XCTAssertEqual(stored.status, "open")
            XCTAssertEqual(MicroShares.parse(stored.shares)!, MicroShares.parse(yes.shares)! - sold)
            let yesPrice = try await service.scalar(
                "SELECT price_micros AS v FROM market_outcomes WHERE market_id = \(UUID(uuidString: market)!) AND idx = 0"
            )
            // The sale stops at 1 %; the fraction of a credit not paid stays in both pools, a little above it.
            XCTAssertGreaterThanOrEqual(yesPrice, 10_000)
            XCTAssertLessThan(yesPrice, 11_000)
            try await service.assertMoneyInvariant()
        }
    }

    func test_someoneElsesBet_isNotFound_andBadSharesAre400() async throws {
        try await withMarkets { service in
            let owner = try await service.signup()
            let other = try await service.signup()
            let market = try await service.quotedMarket()
            let bet = try await service.bet(owner, market, "NO", 20)  // 50 shares at 0.4
            let stranger = try await service.reply("SellBet", SellBetRequest(betId: bet.id), principal: service.principal(other))
            XCTAssertEqual(stranger.status, .notFound)
            let unknown = try await service.reply("SellBet", SellBetRequest(betId: UUID().uuidString), principal: service.principal(owner))
            XCTAssertEqual(unknown, stranger.with(message: unknown.message), "unknown and foreign look alike")
            let peek = try await service.reply("GetBet", GetBetRequest(betId: bet.id), principal: service.principal(other))
            XCTAssertEqual(peek.status, .notFound)
            for (shares, status) in [
                ("50.000001", StatusCode.invalidArgument), ("abc", .invalidArgument), ("0", .invalidArgument),
                ("0.000001", .invalidArgument),
            ] {
                let reply = try await service.reply("SellBet", SellBetRequest(betId: bet.id, shares: shares), principal: service.principal(owner))
                XCTAssertEqual(reply.status, status, shares)
                XCTAssertEqual(reply.violations.map(\.field), ["shares"], shares)
            }
            let credits = try await service.credits(owner)
            XCTAssertEqual(credits, 980)
        }
    }

    func test_sellingOnAClosedMarket_is409MarketClosed() async throws {
        try await withMarkets { service in
            let carol = try await service.signup()
            let market = try await service.quotedMarket(closeTime: MarketsHarness.epoch.addingTimeInterval(3_600))
            let bet = try await service.bet(carol, market, "YES", 60)
            service.clock.advance(by: 3_600)
            let reply = try await service.reply("SellBet", SellBetRequest(betId: bet.id), principal: service.principal(carol))
            XCTAssertEqual(reply.status, .aborted)
            XCTAssertEqual(reply.reason, "MARKET_CLOSED")
        }
    }
}

extension Reply {
    /// The same reply with another message (ids differ in messages; codes must not).
    func with(message: String) -> Reply {
        var copy = self
        copy.message = message
        return copy
    }
}
