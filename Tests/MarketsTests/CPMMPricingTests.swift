import XCTest

@testable import Markets

/// Manifold's CPMM prices as the catalog shows them (the same maths as trades, `ManifoldCPMM`).
final class CPMMPricingTests: XCTestCase {
    func test_equalPools_priceYesAtP_andNoAtTheComplement() {
        let pools = CPMM.initialPools(liquidity: 1000)
        XCTAssertEqual(pools.yes, 1_000_000_000)
        for (p, yes) in [(0.5, 500_000), (0.3, 300_000), (0.01, 10_000), (0.99, 990_000), (0.123456789, 123_457)] {
            let prices = CPMM.prices(p: p, yesPool: pools.yes, noPool: pools.no)
            XCTAssertEqual(prices.yes, yes, "p = \(p)")
            XCTAssertEqual(prices.yes + prices.no, PriceMicros.one)
        }
    }

    func test_skewedPools_moveThePrice_andItIsThePoolsOwn() {
        // Fewer YES shares in the pool means YES was bought: its price rises.
        XCTAssertEqual(CPMM.yesPriceMicros(p: 0.5, yesPool: 1_000_000, noPool: 3_000_000), 750_000)
        // Trades stop at 1 % and 99 %, so nothing is clamped: pools past them show where they are.
        XCTAssertEqual(CPMM.yesPriceMicros(p: 0.5, yesPool: 1_000_000, noPool: 99_000_000), 990_000)
        XCTAssertEqual(CPMM.yesPriceMicros(p: 0.5, yesPool: 1, noPool: 1_000_000_000), 1_000_000)
        XCTAssertEqual(CPMM.yesPriceMicros(p: 0.5, yesPool: 1_000_000_000, noPool: 1), 0)
    }
}
