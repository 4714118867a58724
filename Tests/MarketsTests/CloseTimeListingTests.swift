import Bus
import Contracts
import Foundation
import ServiceKit
import XCTest

@testable import Markets

/// A market closes for reading at its close time, as it does for trading, without any job running.
final class CloseTimeListingTests: XCTestCase {
    func test_marketPastItsCloseTime_listsAsClosed_notOpen_andRandomLeavesItOut() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let closeTime = Timestamps.format(MarketsHarness.epoch.addingTimeInterval(3600))
            let market = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Will the kettle boil within the hour?",
                    category: "Office Life",
                    initialProbability: 0.5,
                    liquidity: 1000,
                    closeTime: closeTime
                ),
                as: Market.self
            )
            let open = try await service.call("ListMarkets", ListMarketsRequest(status: "open"), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(open.markets.map(\.id), [market.id])
            service.clock.advance(by: 3600)
            let openAfter = try await service.call("ListMarkets", ListMarketsRequest(status: "open"), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(openAfter.markets.map(\.id), [])
            XCTAssertEqual(openAfter.total, 0)
            let closed = try await service.call("ListMarkets", ListMarketsRequest(status: "closed"), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(closed.markets.map(\.id), [market.id])
            XCTAssertEqual(closed.markets.map(\.status), ["closed"])
            let all = try await service.call("ListMarkets", ListMarketsRequest(), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(all.markets.map(\.status), ["closed"])
            let random = try await service.call("RandomMarkets", RandomMarketsRequest(count: 10), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(random.markets.map(\.id), [])
            let one = try await service.call("GetMarket", GetMarketRequest(id: market.id), as: Market.self, principal: Principal())
            XCTAssertEqual(one.status, "closed")
            let bet = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market.id, outcome: "YES", amount: 10),
                principal: try await service.signedInUser()
            )
            XCTAssertEqual(bet.reason, "MARKET_CLOSED")
        }
    }
}
