import Foundation
import Markets
import XCTest

/// Manifold's CPMM: prices move the right way, k never decreases, trades stop at 1 ¢ and 99 ¢.
final class CPMMTests: XCTestCase {
    let even = ManifoldCPMM(yes: 1_000_000_000, no: 1_000_000_000, p: 0.5)

    func test_initialPrice_isP() {
        XCTAssertEqual(even.probability, 0.5, accuracy: 1e-12)
        let skewed = ManifoldCPMM(yes: 500_000_000, no: 500_000_000, p: 0.3)
        XCTAssertEqual(skewed.probability, 0.3, accuracy: 1e-12)
        XCTAssertEqual(skewed.priceMicros.0, 300_000)
        XCTAssertEqual(skewed.priceMicros.1, 700_000)
    }

    func test_buyingYes_matchesManifold_andRaisesTheYesPrice() {
        let trade = even.buy(outcome: 0, amountMicros: 100_000_000)
        // YES + M − (k / (NO + M)^(1−p))^(1/p) = 1100 − 1000²/1100 = 190.909090… shares, floored.
        XCTAssertEqual(trade.shares, 190_909_090)
        XCTAssertEqual(trade.after.no, 1_100_000_000)
        XCTAssertEqual(trade.after.yes, 1_100_000_000 - 190_909_090)
        XCTAssertGreaterThan(trade.after.probability, even.probability)
        XCTAssertEqual(trade.after.priceMicros.0 + trade.after.priceMicros.1, 1_000_000)
    }

    func test_buyingNo_lowersTheYesPrice() {
        let trade = even.buy(outcome: 1, amountMicros: 100_000_000)
        XCTAssertEqual(trade.shares, 190_909_090)
        XCTAssertLessThan(trade.after.probability, even.probability)
        XCTAssertGreaterThan(trade.after.priceMicros.1, 500_000)
    }

    func test_invariantNeverDecreases_andHoldsWithinRounding() {
        var market = ManifoldCPMM(yes: 700_000_000, no: 1_300_000_000, p: 0.35)
        for step in 0..<200 {
            let outcome = step % 3 == 0 ? 1 : 0
            let before = market.logInvariant
            let buy = market.buy(outcome: outcome, amountMicros: Int64(10 + step * 37 % 900) * 1_000_000)
            XCTAssertGreaterThanOrEqual(buy.after.logInvariant, before)
            XCTAssertEqual(buy.after.logInvariant, before, accuracy: 1e-8)
            XCTAssertGreaterThanOrEqual(buy.shares, Int64(10 + step * 37 % 900) * 1_000_000, "a buy mints at least one share per credit")
            market = buy.after
            if step % 5 == 4 {
                let sell = market.sell(outcome: outcome, shares: buy.shares / 2)
                XCTAssertGreaterThanOrEqual(sell.after.logInvariant, market.logInvariant)
                XCTAssertEqual(sell.after.logInvariant, market.logInvariant, accuracy: 1e-2, "the house keeps under one credit")
                market = sell.after
            }
        }
    }

    func test_sellingWhatWasJustBought_returnsAtMostTheStake() {
        for p in [0.2, 0.5, 0.8] {
            let market = ManifoldCPMM(yes: 1_000_000_000, no: 1_000_000_000, p: p)
            let buy = market.buy(outcome: 0, amountMicros: 100_000_000)
            let sell = buy.after.sell(outcome: 0, shares: buy.shares)
            XCTAssertLessThanOrEqual(sell.proceeds, 100)
            XCTAssertGreaterThanOrEqual(sell.proceeds, 99, "only the flooring is lost")
            XCTAssertLessThan(sell.after.probability, buy.after.probability, "selling YES lowers its price")
        }
    }

    func test_repeatedBuys_stopAtOneAndNinetyNineCents() {
        var market = ManifoldCPMM(yes: 100_000_000, no: 100_000_000, p: 0.5)
        for _ in 0..<20 { market = market.buyWithinLimit(outcome: 0, credits: 10_000).after }
        XCTAssertEqual(market.probability, 0.99, accuracy: 0.0001)
        XCTAssertLessThanOrEqual(market.priceMicros.0, 990_000)
        XCTAssertGreaterThanOrEqual(market.priceMicros.1, 10_000)
        XCTAssertEqual(market.priceMicros.0 + market.priceMicros.1, 1_000_000)
        XCTAssertGreaterThan(market.yes, 0)
        for _ in 0..<40 { market = market.buyWithinLimit(outcome: 1, credits: 10_000).after }
        XCTAssertEqual(market.probability, 0.01, accuracy: 0.0001)
        XCTAssertGreaterThanOrEqual(market.priceMicros.0, 10_000)
    }
}
