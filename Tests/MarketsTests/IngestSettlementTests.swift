import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// The catalog and betting parts together: a market the source resolves pays its bets, once.
final class IngestSettlementTests: XCTestCase {
    func test_sourceResolution_paysWinningBetsThroughTheSettlement_once() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("950", yes: 500_000)])
        let service = try await MarketsHarness.start(source: source)
        _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
        let id = try await service.runtime.database.pool.query("SELECT id FROM markets WHERE external_id = '950'")[0].decode("id", as: UUID.self)
        let winner = try await service.signup()
        let loser = try await service.signup()
        let won = try await service.bet(winner, id.uuidString.lowercased(), "Yes", 100)   // 200 shares at 0.50
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
        await service.stop()
    }
}
