import Bus
import Contracts
import Foundation
import XCTest

@testable import Markets

/// Admin-created CPMM markets.
final class CreateMarketTests: XCTestCase {
    func test_createMarket_setsUpTheCPMM_poolsAtLiquidity_pricesAtTheProbability() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let market = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: "  Will the office plant survive until June 2027?  ",
                    category: "Office Life",
                    initialProbability: 0.65,
                    liquidity: 1000,
                    closeTime: "2027-06-01T00:00:00Z"
                ),
                as: Market.self,
                key: "create-1"
            )
            XCTAssertEqual(market.question, "Will the office plant survive until June 2027?")
            XCTAssertEqual(market.category, "Office Life")
            XCTAssertEqual(market.status, "open")
            XCTAssertEqual(market.source, "admin")
            XCTAssertEqual(market.slug, "will-the-office-plant-survive-until-june-2027")
            XCTAssertEqual(market.closeTime, "2027-06-01T00:00:00.000Z")
            XCTAssertEqual(market.liquidity, 1000)
            XCTAssertEqual(
                market.outcomes,
                [Outcome(name: "YES", price: 0.65, priceMicros: 650_000), Outcome(name: "NO", price: 0.35, priceMicros: 350_000)]
            )
            let rows = try await service.runtime.database.pool.query(
                """
                SELECT m.cpmm_p, m.category_slug, o.name, o.price_micros, o.pool_micros
                FROM markets m JOIN market_outcomes o ON o.market_id = m.id ORDER BY o.idx
                """
            )
            XCTAssertEqual(try rows.map { try $0.decode("pool_micros", as: Int64.self) }, [1_000_000_000, 1_000_000_000])
            XCTAssertEqual(try rows.map { try $0.decode("price_micros", as: Int.self) }, [650_000, 350_000])
            XCTAssertEqual(try rows[0].decode("cpmm_p", as: Double.self), 0.65)
            XCTAssertEqual(try rows[0].decode("category_slug", as: String.self), "office-life")
            // The same idempotency key replays the reply instead of creating a second market…
            let again = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: "  Will the office plant survive until June 2027?  ",
                    category: "Office Life",
                    initialProbability: 0.65,
                    liquidity: 1000,
                    closeTime: "2027-06-01T00:00:00Z"
                ),
                as: Market.self,
                key: "create-1"
            )
            XCTAssertEqual(again.id, market.id)
            // …and refuses it for another request.
            let reused = try await service.reply(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Will the office plant survive until June 2027?",
                    category: "Office Life",
                    initialProbability: 0.65,
                    liquidity: 1000
                ),
                key: "create-1"
            )
            XCTAssertEqual(reused.reason, "IDEMPOTENCY_KEY_REUSED")
            let count = try await service.scalar("SELECT count(*)::int AS v FROM markets")
            XCTAssertEqual(count, 1)
            let byCategory = try await service.call("MarketsByCategory", MarketsByCategoryRequest(slug: "office-life"), as: MarketPage.self)
            XCTAssertEqual(byCategory.markets.map(\.id), [market.id])
        }
    }

    func test_outcomesDefaultToYesNo_andTheExtremesOfTheRangesAreAccepted() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let low = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Ten chars?",
                    category: "X1",
                    outcomes: ["YES", "NO"],
                    initialProbability: 0.01,
                    liquidity: 100
                ),
                as: Market.self
            )
            XCTAssertEqual(low.outcomes.map(\.priceMicros), [10_000, 990_000])
            let high = try await service.call(
                "CreateMarket",
                CreateMarketRequest(
                    question: String(repeating: "q", count: 500),
                    category: "X2",
                    initialProbability: 0.99,
                    liquidity: 1_000_000
                ),
                as: Market.self
            )
            XCTAssertEqual(high.outcomes.map(\.name), ["YES", "NO"])
            XCTAssertEqual(high.outcomes.map(\.priceMicros), [990_000, 10_000])
        }
    }

    func test_badInput_is400WithEveryField_andWritesNothing() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let bad = try await service.reply(
                "CreateMarket",
                CreateMarketRequest(
                    question: "<script>alert(1)</script>",
                    category: "",
                    outcomes: ["YES", "NO", "MAYBE"],
                    initialProbability: 1.5,
                    liquidity: 99,
                    closeTime: "tomorrow"
                )
            )
            XCTAssertEqual(bad.status, .invalidArgument)
            XCTAssertEqual(bad.violations.map(\.field), ["question", "category", "outcomes", "initialProbability", "liquidity", "closeTime"])
            let more = try await service.reply(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Short?",
                    category: "Bad\u{0007}Bell",
                    outcomes: ["yes", "no"],
                    initialProbability: .nan,
                    liquidity: 1_000_001,
                    closeTime: "2020-01-01T00:00:00Z"
                )
            )
            XCTAssertEqual(more.violations.map(\.field), ["question", "category", "outcomes", "initialProbability", "liquidity", "closeTime"])
            let lines = try await service.reply(
                "CreateMarket",
                CreateMarketRequest(
                    question: "Line one\nline two is here",
                    category: "Ok",
                    initialProbability: 0.5,
                    liquidity: 100
                )
            )
            XCTAssertEqual(lines.violations.map(\.field), ["question"])
            let missing = try await service.reply("CreateMarket", CreateMarketRequest())
            XCTAssertEqual(missing.violations.map(\.field), ["question", "category", "initialProbability", "liquidity"])
            let count = try await service.scalar("SELECT count(*)::int AS v FROM markets")
            XCTAssertEqual(count, 0)
        }
    }

    func test_createMarket_isForAdminsOnly() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let request = CreateMarketRequest(question: "Can a user create this?", category: "Meta", initialProbability: 0.5, liquidity: 100)
            let user = try await service.reply("CreateMarket", request, principal: MarketsHarness.user(UUID().uuidString))
            XCTAssertEqual(user.status, .permissionDenied)
            let scheduler = try await service.reply("CreateMarket", request, principal: MarketsHarness.scheduler)
            XCTAssertEqual(scheduler.status, .permissionDenied)
            let count = try await service.scalar("SELECT count(*)::int AS v FROM markets")
            XCTAssertEqual(count, 0)
        }
    }
}
