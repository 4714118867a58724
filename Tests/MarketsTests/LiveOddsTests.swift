import Bus
import Contracts
import Foundation
import ServiceKit
import XCTest

@testable import Markets

/// Live odds: from the source, kept 10 s by the service's clock; admin markets price themselves.
final class LiveOddsTests: XCTestCase {
    func test_liveOdds_comeFromTheSource_areCached10Seconds_andRefreshTheStoredPrice() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("930", yes: 530_000)])
        try await withMarkets(source: source) { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            let id = try await service.call("ListMarkets", ListMarketsRequest(), as: MarketPage.self).markets[0].id
            let lookups = source.lookups

            let first = try await service.call("LiveOdds", GetMarketRequest(id: id), as: LiveOdds.self, principal: Principal())
            XCTAssertFalse(first.cached)
            XCTAssertEqual(first.source, "polymarket")
            XCTAssertEqual(first.marketId, id)
            XCTAssertEqual(first.outcomes.map(\.priceMicros), [530_000, 470_000])
            XCTAssertEqual(first.fetchedAt, Timestamps.format(MarketsHarness.epoch))
            XCTAssertEqual(source.lookups, lookups + 1)

            source.put(ScriptedMarketSource.binary("930", yes: 610_000))
            service.clock.advance(by: 9)
            let cached = try await service.call("LiveOdds", GetMarketRequest(id: id), as: LiveOdds.self, principal: Principal())
            XCTAssertTrue(cached.cached)
            XCTAssertEqual(cached.outcomes.map(\.priceMicros), [530_000, 470_000])
            XCTAssertEqual(cached.fetchedAt, first.fetchedAt)
            XCTAssertEqual(source.lookups, lookups + 1)

            service.clock.advance(by: 1)
            let fresh = try await service.call("LiveOdds", GetMarketRequest(id: id), as: LiveOdds.self, principal: Principal())
            XCTAssertFalse(fresh.cached)
            XCTAssertEqual(fresh.outcomes.map(\.priceMicros), [610_000, 390_000])
            XCTAssertEqual(source.lookups, lookups + 2)
            let stored = try await service.call("GetMarket", GetMarketRequest(id: id), as: Market.self, principal: Principal())
            XCTAssertEqual(stored.outcomes.map(\.priceMicros), [610_000, 390_000])

            let full = try await service.call("MarketFull", GetMarketRequest(id: id), as: MarketFull.self, principal: Principal())
            XCTAssertEqual(full.market?.id, id)
            XCTAssertEqual(full.live?.cached, true)
            XCTAssertEqual(source.lookups, lookups + 2)
        }
    }

    func test_adminMarkets_answerTheirOwnCPMMPrice_fromTheSourceAdmin() async throws {
        let source = ScriptedMarketSource()
        try await withMarkets(source: source) { service in
            let market = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Will our own market price itself?",
                    category: "Meta",
                    initialProbability: 0.3,
                    liquidity: 500
                ),
                as: Market.self
            )
            let live = try await service.call("LiveOdds", GetMarketRequest(id: market.id), as: LiveOdds.self, principal: Principal())
            XCTAssertEqual(live.source, "admin")
            XCTAssertFalse(live.cached)
            XCTAssertEqual(
                live.outcomes,
                [Outcome(name: "YES", price: 0.3, priceMicros: 300_000), Outcome(name: "NO", price: 0.7, priceMicros: 700_000)]
            )
            XCTAssertEqual(source.lookups, 0)
        }
    }

    func test_aMarketTheSourceNoLongerHas_is404_andMarketFullStillShowsTheStoredMarket() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("940", yes: 500_000)])
        try await withMarkets(source: source) { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            let id = try await service.call("ListMarkets", ListMarketsRequest(), as: MarketPage.self).markets[0].id
            source.remove("940")
            let live = try await service.reply("LiveOdds", GetMarketRequest(id: id), principal: Principal())
            XCTAssertEqual(live.status, .notFound)
            XCTAssertEqual(live.reason, "NOT_AT_SOURCE")
            let full = try await service.call("MarketFull", GetMarketRequest(id: id), as: MarketFull.self, principal: Principal())
            XCTAssertEqual(full.market?.id, id)
            XCTAssertNil(full.live)
        }
    }
}
