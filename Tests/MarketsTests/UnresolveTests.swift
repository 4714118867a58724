import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Undoing a resolution (admin): every credit it moved reversed in one transaction, its bets open
/// again, the market open or closed by its close time, the leaderboards back; resolving again pays once.
final class UnresolveTests: XCTestCase {
    func test_unresolve_reversesEveryPayout_reopensTheBets_andResolvingAgainPaysOnce() async throws {
        try await withMarkets { service in
            let (alice, bob, carol, dave) = try await (service.signup(), service.signup(), service.signup(), service.signup())
            let market = try await service.quotedMarket()
            let yes = try await service.bet(alice, market, "YES", 100)  // 166.666666 shares
            let no = try await service.bet(bob, market, "NO", 50)  // 125 shares
            let partly = try await service.bet(carol, market, "YES", 100)
            _ = try await service.sell(carol, partly, shares: "50")  // 30 back, 116.666666 left
            let sold = try await service.bet(dave, market, "YES", 100)
            let sale = try await service.sell(dave, sold)
            let before = try await [alice, bob, carol, dave].asyncMap { try await service.credits($0) }
            let stats = try await service.scalar("SELECT sum(pnl)::int AS v FROM user_stats")
            let resolved = try await service.resolve(market, "YES")
            XCTAssertEqual(resolved.creditsPaid, 166 + 116)

            let undone = try await service.unresolve(market)
            XCTAssertEqual(
                undone,
                UnresolveReply(
                    marketId: market,
                    previousOutcome: "YES",
                    status: "open",
                    betsReopened: 3,
                    creditsReversed: 282,
                    creditsReturned: 0
                )
            )
            let after = try await [alice, bob, carol, dave].asyncMap { try await service.credits($0) }
            XCTAssertEqual(after, before)
            let statsAfter = try await service.scalar("SELECT sum(pnl)::int AS v FROM user_stats")
            XCTAssertEqual(statsAfter, stats, "the leaderboards lose the payouts again")
            for (user, bet, status) in [(alice, yes, "open"), (bob, no, "open"), (carol, partly, "open"), (dave, sold, "sold")] {
                let read = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(user))
                XCTAssertEqual([read.status, String(read.payout)], [status, "0"])
                XCTAssertEqual(read.settledAt.isEmpty, status == "open")
            }
            let shown = try await service.call("GetMarket", GetMarketRequest(id: market), as: Market.self)
            XCTAssertEqual([shown.status, shown.resolvedOutcome], ["open", ""])
            let events = try await service.scalar("SELECT count(*)::int AS v FROM outbox WHERE topic = \(service.name + ".market_unresolved")")
            XCTAssertEqual(events, 1)
            let reversals = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'unresolve'")
            XCTAssertEqual(reversals, 2)
            try await service.assertMoneyInvariant()
            let refresh = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(refresh.processed, 0)

            let twice = try await service.reply("UnresolveMarket", UnresolveMarketRequest(id: market))
            XCTAssertEqual(twice.status, .aborted)
            XCTAssertEqual(twice.reason, "NOT_RESOLVED")
            _ = try await service.bet(dave, market, "NO", 20)  // open for trading again: 50 shares
            let again = try await service.resolve(market, "NO")
            XCTAssertEqual([again.betsSettled, again.creditsPaid], [4, 125 + 50])
            let final = try await [alice, bob, carol, dave].asyncMap { try await service.credits($0) }
            XCTAssertEqual(final, [900, 950 + 125, 900 + 30, 1000 - 100 + Int(sale.proceeds) - 20 + 50], "paid exactly once, by the new outcome")
            try await service.assertMoneyInvariant()
            let refreshAgain = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(refreshAgain.processed, 0)
        }
    }

    func test_unresolvingACancel_takesTheRefundsBack_givesTheClawBacksBack_andSoldBetsAreSoldAgain() async throws {
        try await withMarkets { service in
            let a = try await service.signup()
            let b = try await service.signup()
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let bet = try await service.bet(a, market, "YES", 500)
            try await service.setPrice(market, "YES", 583_000)
            let sale = try await service.sell(a, bet)
            let soldAt = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(a)).settledAt
            _ = try await service.bet(b, market, "NO", 500)
            let before = try await [service.credits(a), service.credits(b)]
            _ = try await service.resolve(market, "CANCEL")
            let cancelled = try await [service.credits(a), service.credits(b)]
            XCTAssertEqual(cancelled, [1000, 1000])
            let undone = try await service.unresolve(market)
            XCTAssertEqual([undone.previousOutcome, undone.status], ["CANCEL", "open"])
            XCTAssertEqual([undone.betsReopened, undone.creditsReversed, undone.creditsReturned], [2, 500, 83])
            let after = try await [service.credits(a), service.credits(b)]
            XCTAssertEqual(after, before)
            let read = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(a))
            XCTAssertEqual([read.status, String(read.payout), String(read.proceeds), read.settledAt], ["sold", "0", String(sale.proceeds), soldAt])
            _ = try await service.resolve(market, "NO")
            let final = try await [service.credits(a), service.credits(b)]
            XCTAssertEqual(final, [1083, 500 + 1000], "the sold bet keeps its sale; the NO bet's 1000 shares pay")
            try await service.assertMoneyInvariant()
        }
    }

    func test_unresolvingAnMktResolution_reversesItsPayouts() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.cpmmMarket(p: 0.5, liquidity: 1000)
            _ = try await service.bet(user, market, "YES", 100)
            _ = try await service.bet(user, market, "NO", 100)
            let before = try await service.credits(user)
            let resolved = try await service.resolve(market, "MKT", probabilityMicros: 500_000)
            XCTAssertGreaterThan(resolved.creditsPaid, 0)
            let undone = try await service.unresolve(market)
            XCTAssertEqual(
                [undone.previousOutcome, String(undone.previousProbabilityMicros), String(undone.creditsReversed)],
                ["MKT", "500000", String(resolved.creditsPaid)]
            )
            let after = try await service.credits(user)
            XCTAssertEqual(after, before)
            let shown = try await service.call("GetMarket", GetMarketRequest(id: market), as: Market.self)
            XCTAssertEqual([shown.status, shown.resolvedOutcome, String(shown.resolutionProbabilityMicros)], ["open", "", "0"])
            try await service.assertMoneyInvariant()
        }
    }

    func test_aPayoutAlreadySpent_isTakenBackAsADebt() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let other = try await service.quotedMarket()
            _ = try await service.bet(user, market, "YES", 100)  // 200 shares
            _ = try await service.resolve(market, "YES")
            _ = try await service.bet(user, other, "YES", 1100)  // the payout spent
            let undone = try await service.unresolve(market)
            XCTAssertEqual(undone.creditsReversed, 200)
            let debt = try await service.credits(user)
            XCTAssertEqual(debt, -200)
            let entry = try await service.runtime.database.pool.query(
                "SELECT amount, balance_after FROM credit_transactions WHERE type = 'unresolve'"
            )
            XCTAssertEqual(try entry.map { [try $0.decode("amount", as: Int.self), try $0.decode("balance_after", as: Int.self)] }, [[-200, -200]])
            try await service.assertMoneyInvariant()
            let paidAgain = try await service.resolve(market, "YES")
            XCTAssertEqual(paidAgain.creditsPaid, 200)
            let settled = try await service.credits(user)
            XCTAssertEqual(settled, 0)
            try await service.assertMoneyInvariant()
        }
    }

    func test_unresolve_closesAMarketPastItsCloseTime_refusesAnUnresolvedOne_andIsAdminOnly() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.quotedMarket(closeTime: MarketsHarness.epoch.addingTimeInterval(3600))
            _ = try await service.bet(user, market, "YES", 100)
            let open = try await service.quotedMarket()
            service.clock.advance(by: 7200)
            _ = try await service.resolve(market, "YES")
            let forbidden = try await service.reply("UnresolveMarket", UnresolveMarketRequest(id: market), principal: service.principal(user))
            XCTAssertEqual(forbidden.status, .permissionDenied)
            let undone = try await service.unresolve(market)
            XCTAssertEqual(undone.status, "closed")
            let shown = try await service.call("GetMarket", GetMarketRequest(id: market), as: Market.self)
            XCTAssertEqual(shown.status, "closed")
            let late = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                principal: service.principal(user)
            )
            XCTAssertEqual(late.reason, "MARKET_CLOSED")
            let notResolved = try await service.reply("UnresolveMarket", UnresolveMarketRequest(id: open))
            XCTAssertEqual([notResolved.reason, notResolved.message.contains("is open") ? "open" : notResolved.message], ["NOT_RESOLVED", "open"])
            let unknown = try await service.reply("UnresolveMarket", UnresolveMarketRequest(id: UUID().uuidString))
            XCTAssertEqual(unknown.status, .notFound)
            let malformed = try await service.reply("UnresolveMarket", UnresolveMarketRequest(id: "x"))
            XCTAssertEqual(malformed.violations.map(\.field), ["id"])
            try await service.assertMoneyInvariant()
        }
    }
}
