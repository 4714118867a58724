import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// The catalog and betting parts together: a market the source resolves pays its bets, once — also
/// one it settles 50-50 (MKT), and again after an admin's unresolve while the source still shows it settled.
final class IngestSettlementTests: XCTestCase {
    func test_sourceResolution_paysWinningBetsThroughTheSettlement_once() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("950", yes: 500_000)])
        try await withMarkets(source: source) { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            let id = try await service.runtime.database.pool.query("SELECT id FROM markets WHERE external_id = '950'")[0].decode("id", as: UUID.self)
            let winner = try await service.signup()
            let loser = try await service.signup()
            let won = try await service.bet(winner, id.uuidString.lowercased(), "Yes", 100)  // 200 shares at 0.50
            _ = try await service.bet(loser, id.uuidString.lowercased(), "No", 100)
            XCTAssertEqual(won.shares, "200.000000")

            var settled = ScriptedMarketSource.binary("950", yes: PriceMicros.one, closed: true)
            settled.priceMicros = [PriceMicros.one, 0]
            source.put(settled)
            service.clock.advance(by: 60)
            let ingest = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(ingest.resolved, 1)
            let winnerCredits = try await service.credits(winner)
            let loserCredits = try await service.credits(loser)
            XCTAssertEqual([winnerCredits, loserCredits], [1000 - 100 + 200, 900])
            let bet = try await service.call("GetBet", GetBetRequest(betId: won.id), as: Bet.self, principal: service.principal(winner))
            XCTAssertEqual([bet.status, String(bet.payout)], ["won", "200"])
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            let again = try await service.credits(winner)
            XCTAssertEqual(again, 1100, "a later ingestion pays nothing more")
            try await service.assertMoneyInvariant()
        }
    }

    func test_aMarketTheSourceSettles5050_isResolvedMkt_payingEveryShareHalf_andAnUnresolveIsSettledAgainOnce() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("951", yes: 400_000)])
        try await withMarkets(source: source) { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            let id = try await service.runtime.database.pool.query("SELECT id FROM markets WHERE external_id = '951'")[0].decode("id", as: UUID.self)
            let market = id.uuidString.lowercased()
            let yes = try await service.signup()
            let no = try await service.signup()
            _ = try await service.bet(yes, market, "Yes", 100)  // 250 shares at 0.40
            _ = try await service.bet(no, market, "No", 100)  // 166.666666 shares at 0.60

            var settled = ScriptedMarketSource.binary("951", yes: 500_000, closed: true)
            settled.active = false
            source.put(settled)
            service.clock.advance(by: 60)
            let ingest = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(ingest.resolved, 1)
            let shown = try await service.call("GetMarket", GetMarketRequest(id: market), as: Market.self)
            XCTAssertEqual([shown.status, shown.resolvedOutcome, String(shown.resolutionProbabilityMicros)], ["resolved", "MKT", "500000"])
            let paid = try await [service.credits(yes), service.credits(no)]
            XCTAssertEqual(paid, [900 + 125, 900 + 83])
            try await service.assertMoneyInvariant()

            let undone = try await service.unresolve(market)
            XCTAssertEqual(undone.creditsReversed, 125 + 83)
            service.clock.advance(by: 60)
            let again = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(again.resolved, 1, "the source still shows it settled")
            let repaid = try await [service.credits(yes), service.credits(no)]
            XCTAssertEqual(repaid, paid, "paid once")
            let payouts = try await service.scalar("SELECT count(*)::int AS v FROM credit_transactions WHERE type = 'payout'")
            XCTAssertEqual(payouts, 4)
            try await service.assertMoneyInvariant()
        }
    }
}
