import Foundation
import XCTest

@testable import Markets

/// What one source market does to the stored one.
final class IngestPlanTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func stored(_ market: SourceMarket, status: String = "open") -> MarketRecord {
        let category = CategoryName(market.category)
        return MarketRecord(
            id: UUID(),
            externalId: market.externalId,
            source: "polymarket",
            question: market.question,
            slug: market.slug,
            category: category.name,
            categorySlug: category.slug,
            status: status,
            closeTime: market.endDate,
            volume: market.volume,
            liquidity: market.liquidity,
            resolvedOutcome: nil,
            cpmmP: nil,
            createdAt: now,
            updatedAt: now,
            outcomes: zip(market.outcomes, market.priceMicros).map { OutcomeRecord(name: $0, priceMicros: $1) }
        )
    }

    func test_newMarkets_areCreatedOpenOrClosed_andSettledOnesAreResolved() {
        let open = ScriptedMarketSource.binary("1", yes: 400_000)
        XCTAssertEqual(IngestPlan.decide(open, stored: nil).action, .create)
        XCTAssertEqual(IngestPlan.decide(open, stored: nil).status, "open")
        var settled = open
        settled.closed = true
        settled.priceMicros = [0, PriceMicros.one]
        let plan = IngestPlan.decide(settled, stored: nil)
        XCTAssertEqual(plan.status, "closed")
        XCTAssertEqual(plan.resolvedOutcome, "No")
        var inactive = open
        inactive.active = false
        XCTAssertEqual(IngestPlan.decide(inactive, stored: nil).status, "closed")
    }

    func test_theSameMarketAgain_changesNothing() {
        let market = ScriptedMarketSource.binary("1", yes: 400_000)
        let plan = IngestPlan.decide(market, stored: stored(market))
        XCTAssertEqual(plan.action, .none)
        XCTAssertFalse(plan.pricesChanged)
        XCTAssertNil(plan.resolvedOutcome)
    }

    func test_pricesFollowTheSourceByOutcomeName_evenInAnotherOrder() {
        let market = ScriptedMarketSource.binary("1", yes: 400_000)
        var moved = market
        moved.outcomes = ["No", "Yes"]
        moved.priceMicros = [350_000, 650_000]
        let plan = IngestPlan.decide(moved, stored: stored(market))
        XCTAssertEqual(plan.action, .update)
        XCTAssertEqual(plan.priceMicros, [650_000, 350_000])  // our order: Yes, No
        var renamed = market
        renamed.outcomes = ["Up", "Down"]
        let kept = IngestPlan.decide(renamed, stored: stored(market))
        XCTAssertTrue(kept.outcomesMismatch)
        XCTAssertEqual(kept.priceMicros, [400_000, 600_000])
    }

    func test_closing_resolving_andNeverReopeningOrTouchingSettledMarkets() {
        let market = ScriptedMarketSource.binary("1", yes: 400_000)
        var closed = market
        closed.closed = true
        closed.priceMicros = [PriceMicros.one, 0]
        let closing = IngestPlan.decide(closed, stored: stored(market))
        XCTAssertEqual(closing.action, .update)
        XCTAssertTrue(closing.closes)
        XCTAssertEqual(closing.resolvedOutcome, "Yes")
        // Closed here and open at the source again: stays closed, nothing to do.
        XCTAssertEqual(IngestPlan.decide(market, stored: stored(market, status: "closed")).status, "closed")
        // Closed here but not settled: the resolver is asked again (it failed last time).
        XCTAssertEqual(IngestPlan.decide(closed, stored: stored(closed, status: "closed")).resolvedOutcome, "Yes")
        XCTAssertEqual(IngestPlan.decide(closed, stored: stored(closed, status: "closed")).action, .none)
        for status in ["resolved", "cancelled"] {
            let plan = IngestPlan.decide(closed, stored: stored(market, status: status))
            XCTAssertEqual(plan.action, .none)
            XCTAssertNil(plan.resolvedOutcome)
        }
    }

    func test_anMktSettlement_takesThePriceOfOurFirstOutcome_whateverTheSourcesOrder() {
        let market = ScriptedMarketSource.binary("1", yes: 400_000)
        var settled = SourceMarket(
            externalId: "1",
            question: market.question,
            slug: market.slug,
            category: market.category,
            endDate: market.endDate,
            closed: true,
            outcomes: ["No", "Yes"],
            priceMicros: [300_000, 700_000],
            volume: market.volume,
            liquidity: market.liquidity,
            resolutionStatus: "resolved"
        )
        XCTAssertEqual(IngestPlan.decide(settled, stored: stored(market)).resolution, .market(probabilityMicros: 700_000))
        settled.outcomes = ["No", "Maybe"]
        XCTAssertNil(IngestPlan.decide(settled, stored: stored(market)).resolution, "names that no longer match settle nothing")
    }
}
