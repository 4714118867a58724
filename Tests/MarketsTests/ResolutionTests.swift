import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Resolution: winners paid per whole share, losers nothing, MKT at a probability, exactly once;
/// a resolve asking for another outcome than the applied one is refused. (CANCEL:
/// `CancelSettlementTests`; undoing: `UnresolveTests`.)
final class ResolutionTests: XCTestCase {
    func test_resolvingPaysWinnersOncePerWholeShare_theSameAgainChangesNothing_andAnotherOutcomeIsRefused() async throws {
        try await withMarkets { service in
            let winner = try await service.signup()
            let loser = try await service.signup()
            let market = try await service.quotedMarket()
            let won = try await service.bet(winner, market, "YES", 100)  // 166.666666 shares
            let lost = try await service.bet(loser, market, "NO", 50)
            let first = try await service.resolve(market, "yes")
            XCTAssertEqual(first, ResolveReply(marketId: market, outcome: "YES", betsSettled: 2, creditsPaid: 166, changed: true))
            let second = try await service.resolve(market, "Yes")
            XCTAssertEqual(second, ResolveReply(marketId: market, outcome: "YES", changed: false))
            let other = try await service.reply("ResolveMarket", ResolveMarketRequest(id: market, outcome: "NO"))
            XCTAssertEqual(other.status, .aborted)
            XCTAssertEqual(other.reason, "ALREADY_RESOLVED")
            XCTAssertTrue(other.message.contains("already resolved YES"), other.message)
            let cancel = try await service.reply("ResolveMarket", ResolveMarketRequest(id: market, outcome: "CANCEL"))
            XCTAssertEqual(cancel.reason, "ALREADY_RESOLVED")
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
            let late = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market, outcome: "YES", amount: 10),
                principal: service.principal(loser)
            )
            XCTAssertEqual(late.reason, "MARKET_CLOSED")
            try await service.assertMoneyInvariant()
        }
    }

    func test_resolution_isAdminOnly_andChecksItsInput() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.quotedMarket()
            let forbidden = try await service.reply(
                "ResolveMarket",
                ResolveMarketRequest(id: market, outcome: "YES"),
                principal: service.principal(user)
            )
            XCTAssertEqual(forbidden.status, .permissionDenied)
            let unknownOutcome = try await service.reply("ResolveMarket", ResolveMarketRequest(id: market, outcome: "MAYBE"))
            XCTAssertEqual(unknownOutcome.status, .invalidArgument)
            XCTAssertEqual(unknownOutcome.violations.map(\.field), ["outcome"])
            for (outcome, probability) in [("MKT", 0), ("MKT", 1_000_000), ("mkt", -5), ("YES", 500_000), ("CANCEL", 1)] as [(String, Int32)] {
                let refused = try await service.reply(
                    "ResolveMarket",
                    ResolveMarketRequest(id: market, outcome: outcome, probabilityMicros: probability)
                )
                XCTAssertEqual(refused.status, .invalidArgument, "\(outcome) at \(probability)")
                XCTAssertEqual(refused.violations.map(\.field), ["probabilityMicros"], "\(outcome) at \(probability)")
            }
            let three = try await service.quotedMarket([("A", 300_000), ("B", 300_000), ("C", 400_000)])
            let mktOfThree = try await service.reply("ResolveMarket", ResolveMarketRequest(id: three, outcome: "MKT", probabilityMicros: 500_000))
            XCTAssertEqual(mktOfThree.violations.map(\.field), ["outcome"], "MKT needs two outcomes")
            let malformed = try await service.reply("ResolveMarket", ResolveMarketRequest(id: "x", outcome: ""))
            XCTAssertEqual(malformed.violations.map(\.field), ["id", "outcome"])
            let unknownMarket = try await service.reply("ResolveMarket", ResolveMarketRequest(id: UUID().uuidString, outcome: "YES"))
            XCTAssertEqual(unknownMarket.status, .notFound)
            let open = try await service.scalar("SELECT count(*)::int AS v FROM markets WHERE status = 'open'")
            XCTAssertEqual(open, 2)
        }
    }

    func test_concurrentResolutions_payOnce() async throws {
        try await withMarkets { service in
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
        }
    }

    func test_mkt_paysEveryShareItsOutcomesProbability_flooredForTheHouse_andShowsIt() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let bob = try await service.signup()
            let carol = try await service.signup()
            let market = try await service.quotedMarket()
            let yes = try await service.bet(alice, market, "YES", 100)  // 166.666666 shares at 0.6
            let no = try await service.bet(bob, market, "NO", 50)  // 125 shares at 0.4
            let partly = try await service.bet(carol, market, "YES", 100)
            let sale = try await service.sell(carol, partly, shares: "50")  // 30 credits, 116.666666 shares left
            let reply = try await service.resolve(market, "mkt", probabilityMicros: 300_000)
            // YES shares pay 0.3, NO shares 0.7: 49.9999998 → 49, 87.5 → 87, 34.9999998 → 34.
            XCTAssertEqual(
                reply,
                ResolveReply(
                    marketId: market,
                    outcome: "MKT",
                    betsSettled: 3,
                    creditsPaid: 49 + 87 + 34,
                    changed: true,
                    probabilityMicros: 300_000
                )
            )
            let balances = try await [alice, bob, carol].asyncMap { try await service.credits($0) }
            XCTAssertEqual(balances, [900 + 49, 950 + 87, 900 + Int(sale.proceeds) + 34])
            let settled = try await service.call("GetBet", GetBetRequest(betId: yes.id), as: Bet.self, principal: service.principal(alice))
            XCTAssertEqual([settled.status, String(settled.payout)], ["settled", "49"])
            let noBet = try await service.call("GetBet", GetBetRequest(betId: no.id), as: Bet.self, principal: service.principal(bob))
            XCTAssertEqual([noBet.status, String(noBet.payout)], ["settled", "87"])
            let shown = try await service.call("GetMarket", GetMarketRequest(id: market), as: Market.self)
            XCTAssertEqual([shown.status, shown.resolvedOutcome, String(shown.resolutionProbabilityMicros)], ["resolved", "MKT", "300000"])
            let listed = try await service.call(
                "ListMyBets",
                ListMyBetsRequest(status: "settled"),
                as: BetPage.self,
                principal: service.principal(carol)
            )
            XCTAssertEqual(listed.bets.map(\.id), [partly.id])

            let again = try await service.resolve(market, "MKT", probabilityMicros: 300_000)
            XCTAssertEqual(again, ResolveReply(marketId: market, outcome: "MKT", changed: false, probabilityMicros: 300_000))
            let otherProbability = try await service.reply(
                "ResolveMarket",
                ResolveMarketRequest(id: market, outcome: "MKT", probabilityMicros: 500_000)
            )
            XCTAssertEqual(otherProbability.reason, "ALREADY_RESOLVED")
            XCTAssertTrue(otherProbability.message.contains("MKT at 0.3"), otherProbability.message)
            let payouts = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'payout'")
            XCTAssertEqual(payouts, 3)
            try await service.assertMoneyInvariant()
            let job = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(job.processed, 0)
        }
    }

    func test_concurrentResolutionsOfDifferentOutcomes_oneApplies_theOthersLearnTheirsWasNot() async throws {
        try await withMarkets { service in
            let users = try await (0..<4).asyncMap { _ in try await service.signup() }
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            for (index, user) in users.enumerated() { _ = try await service.bet(user, market, index % 2 == 0 ? "YES" : "NO", 100) }
            let asked = ["YES", "NO", "CANCEL", "YES", "NO", "CANCEL", "MKT", "MKT"]
            let replies = try await withThrowingTaskGroup(of: (String, Reply).self) { group in
                for outcome in asked {
                    group.addTask {
                        let request = ResolveMarketRequest(id: market, outcome: outcome, probabilityMicros: outcome == "MKT" ? 250_000 : 0)
                        return (outcome, try await service.reply("ResolveMarket", request))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let applied = replies.filter { $0.1.status == .ok }.map { ($0.0, try? ResolveReply(serializedBytes: [UInt8]($0.1.body))) }
            let winners = applied.filter { $0.1?.changed == true }
            XCTAssertEqual(winners.count, 1)
            let winner = try XCTUnwrap(winners.first?.0)
            XCTAssertEqual(applied.map(\.0), Array(repeating: winner, count: 2), "the same outcome asked again is 200 changed:false")
            for (outcome, reply) in replies where outcome != winner {
                XCTAssertEqual(reply.status, .aborted, outcome)
                XCTAssertEqual(reply.reason, "ALREADY_RESOLVED", outcome)
                XCTAssertTrue(reply.message.contains("already resolved \(winner)"), reply.message)
            }
            let settled = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE status <> 'open'")
            XCTAssertEqual(settled, 4)
            try await service.assertMoneyInvariant()
        }
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
