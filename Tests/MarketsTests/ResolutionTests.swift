import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Resolution: winners paid per whole share, losers nothing, CANCEL refunds, exactly once.
final class ResolutionTests: XCTestCase {
    func test_resolvingPaysWinnersOncePerWholeShare_andTwiceChangesNothing() async throws {
        let service = try await MarketsHarness.start()
        let winner = try await service.signup()
        let loser = try await service.signup()
        let market = try await service.quotedMarket()
        let won = try await service.bet(winner, market, "YES", 100) // 166.666666 shares
        let lost = try await service.bet(loser, market, "NO", 50)
        let first = try await service.resolve(market, "yes")
        XCTAssertEqual(first, ResolveReply(marketId: market, outcome: "YES", betsSettled: 2, creditsPaid: 166, changed: true))
        let second = try await service.resolve(market, "NO")
        XCTAssertEqual(second, ResolveReply(marketId: market, outcome: "YES", changed: false))
        let winnerCredits = try await service.credits(winner)
        let loserCredits = try await service.credits(loser)
        XCTAssertEqual(winnerCredits, 1066)
        XCTAssertEqual(loserCredits, 950)
        let wonBet = try await service.call("GetBet", GetBetRequest(betId: won.id), as: Bet.self, principal: service.principal(winner))
        XCTAssertEqual([wonBet.status, String(wonBet.payout)], ["won", "166"])
        XCTAssertEqual(wonBet.settledAt, Timestamps.format(MarketsHarness.epoch))
        let lostBet = try await service.call("GetBet", GetBetRequest(betId: lost.id), as: Bet.self, principal: service.principal(loser))
        XCTAssertEqual([lostBet.status, String(lostBet.payout)], ["lost", "0"])
        let payouts = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'payout'")
        XCTAssertEqual(payouts, 1)
        let status = try await service.runtime.database.pool.query("SELECT status, resolved_outcome FROM markets")
        XCTAssertEqual(try status[0].decode("status", as: String.self), "resolved")
        XCTAssertEqual(try status[0].decode("resolved_outcome", as: String.self), "YES")
        let events = try await service.scalar("SELECT count(*)::int AS v FROM outbox WHERE topic = \(service.name + ".market_resolved")")
        XCTAssertEqual(events, 1)
        let late = try await service.reply("PlaceBet", PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                                           principal: service.principal(loser))
        XCTAssertEqual(late.reason, "MARKET_CLOSED")
        try await service.assertMoneyInvariant()
        await service.stop()
    }

    func test_cancel_refundsEveryOpenStake_lessWhatSellsAlreadyReturned() async throws {
        let service = try await MarketsHarness.start()
        let alice = try await service.signup()
        let bob = try await service.signup()
        let market = try await service.cpmmMarket(p: 0.5, liquidity: 1000)
        _ = try await service.bet(alice, market, "YES", 300)
        let partly = try await service.bet(bob, market, "NO", 100)
        let sold = try await service.bet(bob, market, "NO", 50)
        let half = try await service.sell(bob, partly, shares: "50")
        let whole = try await service.sell(bob, sold)
        let reply = try await service.resolve(market, "cancel")
        XCTAssertEqual(reply.outcome, "CANCEL")
        XCTAssertEqual(reply.betsSettled, 2, "the sold bet is closed already")
        XCTAssertEqual(Int(reply.creditsPaid), 300 + 100 - Int(half.proceeds))
        let aliceCredits = try await service.credits(alice)
        XCTAssertEqual(aliceCredits, 1000)
        let bobCredits = try await service.credits(bob)
        XCTAssertEqual(bobCredits, 1000 - 50 + Int(whole.proceeds), "only the fully sold bet's result remains")
        let statuses = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE status = 'refunded'")
        XCTAssertEqual(statuses, 2)
        let market2 = try await service.runtime.database.pool.query("SELECT status FROM markets")
        XCTAssertEqual(try market2[0].decode("status", as: String.self), "cancelled")
        let again = try await service.resolve(market, "YES")
        XCTAssertFalse(again.changed)
        XCTAssertEqual(again.outcome, "CANCEL")
        try await service.assertMoneyInvariant()
        await service.stop()
    }

    func test_resolution_isAdminOnly_andChecksItsInput() async throws {
        let service = try await MarketsHarness.start()
        let user = try await service.signup()
        let market = try await service.quotedMarket()
        let forbidden = try await service.reply("ResolveMarket", ResolveMarketRequest(id: market, outcome: "YES"), principal: service.principal(user))
        XCTAssertEqual(forbidden.status, .permissionDenied)
        let unknownOutcome = try await service.reply("ResolveMarket", ResolveMarketRequest(id: market, outcome: "MAYBE"))
        XCTAssertEqual(unknownOutcome.status, .invalidArgument)
        XCTAssertEqual(unknownOutcome.violations.map(\.field), ["outcome"])
        let malformed = try await service.reply("ResolveMarket", ResolveMarketRequest(id: "x", outcome: ""))
        XCTAssertEqual(malformed.violations.map(\.field), ["id", "outcome"])
        let unknownMarket = try await service.reply("ResolveMarket", ResolveMarketRequest(id: UUID().uuidString, outcome: "YES"))
        XCTAssertEqual(unknownMarket.status, .notFound)
        let status = try await service.runtime.database.pool.query("SELECT status FROM markets")
        XCTAssertEqual(try status[0].decode("status", as: String.self), "open")
        await service.stop()
    }

    func test_concurrentResolutions_payOnce() async throws {
        let service = try await MarketsHarness.start()
        let users = try await (0..<5).asyncMap { _ in try await service.signup() }
        let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
        for user in users { _ = try await service.bet(user, market, "YES", 100) }
        let replies = try await withThrowingTaskGroup(of: ResolveReply.self) { group in
            for _ in 0..<8 { group.addTask { try await service.resolve(market, "YES") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(replies.filter(\.changed).count, 1)
        XCTAssertEqual(replies.first(where: \.changed)?.creditsPaid, 1000)
        let payouts = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'payout'")
        XCTAssertEqual(payouts, 5)
        try await service.assertMoneyInvariant()
        await service.stop()
    }
}

extension Sequence {
    /// `map` with an async transform, one element after another.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
