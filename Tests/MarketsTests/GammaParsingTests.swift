import Foundation
import XCTest

@testable import Markets

/// The Gamma shape: JSON-encoded string lists, exact prices, refusals that keep the rest of a page.
final class GammaParsingTests: XCTestCase {
    func test_page_readsJSONEncodedOutcomesAndPrices_exactlyIntoMicros() throws {
        let json = #"""
            [{"id":"501","question":"Will it rain in Paris on 1 May 2027?","slug":"rain-paris","category":"Science",
              "endDate":"2027-05-01T23:59:59Z","active":true,"closed":false,
              "outcomes":"[\"Yes\", \"No\"]","outcomePrices":"[\"0.53\", \"0.47\"]","volumeNum":1500.75,"liquidityNum":320.5,
              "description":"ignored","volume":"1500.75"}]
            """#
        let page = try GammaMarketParser.page(Data(json.utf8))
        XCTAssertEqual(page.rejected, [])
        XCTAssertEqual(
            page.markets,
            [
                SourceMarket(
                    externalId: "501",
                    question: "Will it rain in Paris on 1 May 2027?",
                    slug: "rain-paris",
                    category: "Science",
                    endDate: Date(timeIntervalSince1970: 1_809_215_999),
                    outcomes: ["Yes", "No"],
                    priceMicros: [530_000, 470_000],
                    volume: 1500.75,
                    liquidity: 320.5
                )
            ]
        )
    }

    func test_priceParsing_isExactDecimal_withHalfUpBeyondSixDigits() {
        XCTAssertEqual(PriceMicros.parse("0.53"), 530_000)
        XCTAssertEqual(PriceMicros.parse("0.0245"), 24_500)
        XCTAssertEqual(PriceMicros.parse("0.29"), 290_000)  // 0.29 * 1e6 is 289999.99999999994 as a Double
        XCTAssertEqual(PriceMicros.parse("1"), 1_000_000)
        XCTAssertEqual(PriceMicros.parse("0"), 0)
        XCTAssertEqual(PriceMicros.parse(".5"), 500_000)
        XCTAssertEqual(PriceMicros.parse("1.000000"), 1_000_000)
        XCTAssertEqual(PriceMicros.parse("0.0000005"), 1)
        XCTAssertEqual(PriceMicros.parse("0.0000004999"), 0)
        XCTAssertEqual(PriceMicros.parse("0.1234565"), 123_457)
        XCTAssertEqual(PriceMicros.parse("5e-7"), 1)
        XCTAssertEqual(PriceMicros.parse("2.5E-1"), 250_000)
        for bad in ["", ".", "-0.1", "1.0000005", "1.5", "abc", "0.5.1", "0x1", "1e", "+", "NaN"] {
            XCTAssertNil(PriceMicros.parse(bad), bad)
        }
        XCTAssertEqual(PriceMicros.display(530_000), 0.53)
    }

    func test_pricesSentAsNumbers_orListsSentAsArrays_areReadToo() throws {
        let json = #"""
            [{"id":7,"question":"Numbers instead of strings?","outcomes":["Up","Down"],"outcomePrices":"[0.125, 0.875]"},
             {"id":"8","question":"Plain arrays?","outcomes":["Yes","No"],"outcomePrices":[0.3, 0.7],"endDate":"2027-01-02"}]
            """#
        let page = try GammaMarketParser.page(Data(json.utf8))
        XCTAssertEqual(page.rejected, [])
        XCTAssertEqual(page.markets.map(\.externalId), ["7", "8"])
        XCTAssertEqual(page.markets[0].priceMicros, [125_000, 875_000])
        XCTAssertEqual(page.markets[1].priceMicros, [300_000, 700_000])
        XCTAssertEqual(page.markets[1].endDate, Date(timeIntervalSince1970: 1_798_848_000))
    }

    func test_badMarkets_areRefusedWithAReason_andTheRestOfThePageIsKept() throws {
        let json = #"""
            [{"id":"1","question":"Fine?","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"0.5\",\"0.5\"]"},
             {"id":"2","question":"Prices missing?","outcomes":"[\"Yes\",\"No\"]"},
             {"id":"3","question":"Too expensive?","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"1.2\",\"0\"]"},
             {"id":"4","question":"Counts differ?","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"1\"]"},
             {"id":"5","question":"Not JSON inside?","outcomes":"Yes, No","outcomePrices":"[\"0.5\",\"0.5\"]"},
             {"id":"6","question":"","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"0.5\",\"0.5\"]"},
             {"id":"7","question":"Same names?","outcomes":"[\"Yes\",\"Yes\"]","outcomePrices":"[\"0.5\",\"0.5\"]"},
             {"question":"No id?","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"0.5\",\"0.5\"]"},
             {"id":"9","question":"Bad date?","endDate":"soon","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"0.5\",\"0.5\"]"},
             42]
            """#
        let page = try GammaMarketParser.page(Data(json.utf8))
        XCTAssertEqual(page.markets.map(\.externalId), ["1"])
        XCTAssertEqual(page.rejected.map(\.id), ["2", "3", "4", "5", "6", "7", "#7", "9", "#9"])
        XCTAssertEqual(page.count, 10)
        XCTAssertTrue(page.rejected[1].reason.contains("\"1.2\""))
        XCTAssertThrowsError(try GammaMarketParser.page(Data(#"{"error":"not a list"}"#.utf8))) { error in
            guard case SourceError.malformed = error else { return XCTFail("\(error)") }
        }
    }

    func test_resolvedOutcome_needsClosed_oneOutcomeAtOne_andTheOthersAtZero() {
        var market = ScriptedMarketSource.binary("1", yes: PriceMicros.one)
        XCTAssertNil(market.resolvedOutcome)  // still open
        market.closed = true
        XCTAssertEqual(market.resolvedOutcome, "Yes")
        market.priceMicros = [0, PriceMicros.one]
        XCTAssertEqual(market.resolvedOutcome, "No")
        market.priceMicros = [999_500, 500]
        XCTAssertNil(market.resolvedOutcome)
        market.active = false
        XCTAssertFalse(market.isOpen)
    }

    func test_resolution_isMktAtTheFinalPrices_for5050_orOnceTheOracleSaysResolved_andNothingWhileItDoesNot() {
        var market = ScriptedMarketSource.binary("1", yes: 500_000)
        XCTAssertNil(market.resolution, "open")
        market.closed = true
        XCTAssertEqual(market.resolution, .market(probabilityMicros: 500_000), "Polymarket's 50-50 settlement")
        market.priceMicros = [700_000, 300_000]
        XCTAssertNil(market.resolution, "a closed market's last odds settle nothing")
        market.resolutionStatus = "resolved"
        XCTAssertEqual(market.resolution, .market(probabilityMicros: 700_000))
        market.priceMicros = [700_000, 200_000]
        XCTAssertNil(market.resolution, "final prices that do not add up to 1 settle nothing")
        market.resolutionStatus = "proposed"
        market.priceMicros = [PriceMicros.one, 0]
        XCTAssertNil(market.resolution, "the oracle may still change it")
        market.priceMicros = [500_000, 500_000]
        XCTAssertNil(market.resolution)
        market.resolutionStatus = "Resolved"
        XCTAssertEqual(market.resolution, .market(probabilityMicros: 500_000))
        var three = SourceMarket(
            externalId: "3",
            question: "Which?",
            closed: true,
            outcomes: ["A", "B", "C"],
            priceMicros: [300_000, 300_000, 400_000],
            resolutionStatus: "resolved"
        )
        XCTAssertNil(three.resolution, "MKT is for two outcomes")
        three.priceMicros = [0, PriceMicros.one, 0]
        XCTAssertEqual(three.resolution, .winner("B"))
    }

    func test_theOraclesStatus_isRead() throws {
        let json =
            #"[{"id":"7","question":"Q?","outcomes":"[\"Yes\",\"No\"]","outcomePrices":"[\"0.5\",\"0.5\"]","closed":true,"umaResolutionStatus":"proposed"}]"#
        let page = try GammaMarketParser.page(Data(json.utf8))
        XCTAssertEqual(page.markets.first?.resolutionStatus, "proposed")
        XCTAssertNil(page.markets.first?.resolution)
    }

    func test_theBundledFixture_parsesCompletely_withMixedCategoriesAndClosedAndResolvedMarkets() async throws {
        let fixture = FixtureMarketSource.bundled
        let all = try await fixture.markets(limit: 1000, offset: 0, closed: nil)
        XCTAssertEqual(all.rejected, [])
        XCTAssertEqual(all.markets.count, 36)
        XCTAssertEqual(
            Set(all.markets.map(\.category)),
            ["Politics", "Economics", "Crypto", "Sports", "Science", "Pop Culture", "Tech", "World"]
        )
        XCTAssertEqual(all.markets.filter(\.closed).count, 6)
        XCTAssertEqual(all.markets.compactMap(\.resolvedOutcome), ["MKT", "Yes", "No", "No"])
        let open = try await fixture.markets(limit: 20, offset: 20, closed: false)
        XCTAssertEqual(open.markets.count, 10)
        let one = try await fixture.market(externalId: "552104")
        XCTAssertEqual(one?.priceMicros, [340_000, 660_000])
        let missing = try await fixture.market(externalId: "nope")
        XCTAssertNil(missing)
    }
}
