import Bus
import Contracts
import Foundation
import XCTest

@testable import Markets

/// Listing, searching, paging, categories and single markets over the ingested fixture.
final class CatalogReadTests: XCTestCase {
    /// The service with the fixture ingested, for `body`; stopped afterwards, also when `body` throws.
    func withIngested(_ body: (MarketsHarness) async throws -> Void) async throws {
        try await withMarkets { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            try await body(service)
        }
    }

    func list(_ service: MarketsHarness, _ request: ListMarketsRequest) async throws -> MarketPage {
        try await service.call("ListMarkets", request, as: MarketPage.self, principal: Principal())
    }

    func test_filters_byCategorySlugOrName_status_andSearchText() async throws {
        try await withIngested { service in
            let all = try await list(service, ListMarketsRequest())
            XCTAssertEqual(all.total, 36)
            XCTAssertEqual(all.markets.count, 20)
            let crypto = try await list(service, ListMarketsRequest(category: "crypto", status: "open"))
            XCTAssertEqual(crypto.total, 5)
            XCTAssertTrue(crypto.markets.allSatisfy { $0.category == "Crypto" && $0.status == "open" })
            let popCulture = try await list(service, ListMarketsRequest(category: "Pop Culture"))
            XCTAssertEqual(popCulture.total, 5)
            let resolved = try await list(service, ListMarketsRequest(status: "resolved"))
            XCTAssertEqual(Set(resolved.markets.map(\.externalId)), ["552133", "552134", "552135", "552136"])
            let bitcoin = try await list(service, ListMarketsRequest(search: "BITCOIN"))
            XCTAssertEqual(Set(bitcoin.markets.map(\.externalId)), ["552104", "552133"])
            // LIKE's wildcards are searched for literally.
            let percent = try await list(service, ListMarketsRequest(search: "%"))
            XCTAssertEqual(Set(percent.markets.map(\.externalId)), ["552103", "552122", "552123"])
            let underscore = try await list(service, ListMarketsRequest(search: "_"))
            XCTAssertEqual(underscore.total, 0)
            let quote = try await list(service, ListMarketsRequest(search: "'; DROP TABLE markets; --"))
            XCTAssertEqual(quote.total, 0)
        }
    }

    func test_market_json_showsPricesAsNumbersAndExactMicros() async throws {
        try await withIngested { service in
            let page = try await list(service, ListMarketsRequest(search: "Dogecoin"))
            let market = try XCTUnwrap(page.markets.first)
            XCTAssertEqual(market.question, "Will Dogecoin trade above $1 at any point in 2027?")
            XCTAssertEqual(market.category, "Crypto")
            XCTAssertEqual(market.status, "open")
            XCTAssertEqual(market.source, "polymarket")
            XCTAssertEqual(market.closeTime, "2027-12-31T23:59:59.000Z")
            XCTAssertEqual(
                market.outcomes,
                [
                    Outcome(name: "Yes", price: 0.0245, priceMicros: 24_500),
                    Outcome(name: "No", price: 0.9755, priceMicros: 975_500),
                ]
            )
            XCTAssertEqual(market.volume, 2_033_981)
        }
    }

    func test_cursorPaging_visitsEveryMarketOnce_andOffsetPagingWorksToo() async throws {
        try await withIngested { service in
            var seen: [String] = []
            var cursor = ""
            var pages = 0
            repeat {
                let page = try await list(service, ListMarketsRequest(limit: 7, cursor: cursor))
                XCTAssertEqual(page.total, 36)
                seen += page.markets.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while !cursor.isEmpty && pages < 20
            XCTAssertEqual(pages, 6)
            XCTAssertEqual(seen.count, 36)
            XCTAssertEqual(Set(seen).count, 36)
            let tail = try await list(service, ListMarketsRequest(limit: 10, offset: 30))
            XCTAssertEqual(tail.markets.map(\.id), Array(seen[30...]))
            let byCategory = try await service.call("MarketsByCategory", MarketsByCategoryRequest(slug: "sports", limit: 4), as: MarketPage.self)
            XCTAssertEqual(byCategory.total, 7)
            XCTAssertEqual(byCategory.markets.count, 4)
            let rest = try await service.call(
                "MarketsByCategory",
                MarketsByCategoryRequest(slug: "sports", limit: 4, cursor: byCategory.nextCursor),
                as: MarketPage.self
            )
            XCTAssertEqual(rest.markets.count, 3)
            XCTAssertEqual(rest.nextCursor, "")
            XCTAssertTrue(Set(byCategory.markets.map(\.id)).isDisjoint(with: rest.markets.map(\.id)))
        }
    }

    func test_badListRequests_are400WithEveryField() async throws {
        try await withIngested { service in
            let bad = try await service.reply(
                "ListMarkets",
                ListMarketsRequest(
                    category: "!!",
                    status: "pending",
                    search: String(repeating: "x", count: 201),
                    limit: 101,
                    cursor: "not-a-cursor",
                    offset: -1
                ),
                principal: Principal()
            )
            XCTAssertEqual(bad.status, .invalidArgument)
            XCTAssertEqual(bad.violations.map(\.field), ["category", "status", "search", "limit", "cursor", "offset"])
            let both = try await service.reply(
                "ListMarkets",
                ListMarketsRequest(
                    cursor: MarketCursor(createdAt: "2026-12-07 10:00:00+00", id: UUID()).encoded,
                    offset: 5
                ),
                principal: Principal()
            )
            XCTAssertEqual(both.violations.map(\.field), ["offset"])
            let random = try await service.reply("RandomMarkets", RandomMarketsRequest(count: 51), principal: Principal())
            XCTAssertEqual(random.violations.map(\.field), ["count"])
        }
    }

    func test_categories_countTheirMarkets_andRandomGivesOpenMarkets() async throws {
        try await withIngested { service in
            let categories = try await service.call("ListCategories", ListCategoriesRequest(), as: CategoryList.self, principal: Principal())
            XCTAssertEqual(
                categories.categories.map { "\($0.slug):\($0.name):\($0.markets)" },
                [
                    "sports:Sports:7", "crypto:Crypto:6", "economics:Economics:5", "pop-culture:Pop Culture:5", "politics:Politics:4",
                    "science:Science:4", "tech:Tech:3", "world:World:2",
                ]
            )
            let random = try await service.call("RandomMarkets", RandomMarketsRequest(), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(random.markets.count, 10)
            XCTAssertTrue(random.markets.allSatisfy { $0.status == "open" })
            XCTAssertEqual(Set(random.markets.map(\.id)).count, 10)
            let many = try await service.call("RandomMarkets", RandomMarketsRequest(count: 50), as: MarketPage.self, principal: Principal())
            XCTAssertEqual(many.markets.count, 30)
        }
    }

    func test_getMarket_unknownIs404_andMalformedIs400() async throws {
        try await withIngested { service in
            let some = try await list(service, ListMarketsRequest(limit: 1)).markets[0]
            let market = try await service.call("GetMarket", GetMarketRequest(id: some.id.uppercased()), as: Market.self, principal: Principal())
            XCTAssertEqual(market, some)
            let unknown = try await service.reply("GetMarket", GetMarketRequest(id: UUID().uuidString), principal: Principal())
            XCTAssertEqual(unknown.status, .notFound)
            let malformed = try await service.reply("GetMarket", GetMarketRequest(id: "552104"), principal: Principal())
            XCTAssertEqual(malformed.status, .invalidArgument)
            XCTAssertEqual(malformed.violations.map(\.field), ["id"])
            let live = try await service.reply("LiveOdds", GetMarketRequest(id: "x"), principal: Principal())
            XCTAssertEqual(live.status, .invalidArgument)
        }
    }
}
