import Foundation
import Markets
import XCTest

/// Manifold's 1 %/99 % limit on CPMM trades (`ManifoldCPMM+Limits`): buys fill only up to it, sales
/// stop at it, and the probability shown is the pool's own.
final class CPMMLimitTests: XCTestCase {
    let small = ManifoldCPMM(yes: 100_000_000, no: 100_000_000, p: 0.5)

    func test_aYesBuyOf10000_onLiquidity100_fillsOnlyTheCreditsThatStopShortOf99Percent() {
        // At 99 % the NO pool is k·√99 = 994.987… shares: 894.987… credits fill, floored to 894.
        let fill = small.buyWithinLimit(outcome: 0, credits: 10_000)
        XCTAssertEqual(fill.credits, 894)
        let bare = small.buy(outcome: 0, amountMicros: 894_000_000)
        XCTAssertEqual(fill.shares, bare.shares, "the bare formula on what filled")
        XCTAssertEqual(fill.after, bare.after)
        XCTAssertLessThanOrEqual(fill.after.probability, 0.99)
        XCTAssertGreaterThan(fill.after.probability, 0.9899)
        XCTAssertEqual(fill.after.priceMicros.0, Int((fill.after.probability * 1_000_000).rounded()), "shown as it is")
        XCTAssertEqual(fill.after.buyWithinLimit(outcome: 0, credits: 10).credits, 0, "at the limit nothing more fills")
        // The next NO bet of 10 buys at about 2 ¢ a share, not the 0.1 ¢ of a pool pushed to 99.99 %.
        let no = fill.after.buyWithinLimit(outcome: 1, credits: 10)
        XCTAssertEqual(no.credits, 10)
        XCTAssertEqual(Double(no.shares), 505_000_000, accuracy: 2_000_000)
    }

    func test_aBuyThatStaysUnderTheLimit_fillsWhole_withTheBareFormula() {
        let even = ManifoldCPMM(yes: 1_000_000_000, no: 1_000_000_000, p: 0.5)
        for outcome in 0...1 {
            let fill = even.buyWithinLimit(outcome: outcome, credits: 100)
            let bare = even.buy(outcome: outcome, amountMicros: 100_000_000)
            XCTAssertEqual(fill.credits, 100)
            XCTAssertEqual(fill.shares, bare.shares)
            XCTAssertEqual(fill.after, bare.after)
        }
    }

    func test_noBuys_stopAt1Percent_andAMarketCreatedAtALimit_takesNoBuyPastIt() {
        let fill = small.buyWithinLimit(outcome: 1, credits: 10_000)
        XCTAssertEqual(fill.credits, 894, "the mirror image of YES")
        XCTAssertGreaterThanOrEqual(fill.after.probability, 0.01)
        let atTheTop = ManifoldCPMM(yes: 100_000_000, no: 100_000_000, p: 0.99)
        XCTAssertEqual(atTheTop.buyWithinLimit(outcome: 0, credits: 10).credits, 0)
        XCTAssertGreaterThan(atTheTop.buyWithinLimit(outcome: 1, credits: 10).credits, 0)
    }

    func test_salesStopAtTheLimit_andASaleThatStaysInside_isTheBareFormula() {
        // Alice buys YES to 99 %, Bob buys NO back to 1 %: selling Alice's YES would push it lower.
        let alice = small.buyWithinLimit(outcome: 0, credits: 10_000)
        let bob = alice.after.buyWithinLimit(outcome: 1, credits: 10_000)
        XCTAssertLessThan(bob.after.probability, 0.0101)
        let stopped = bob.after.sellWithinLimit(outcome: 0, shares: alice.shares)
        XCTAssertLessThan(stopped.shares, alice.shares)
        XCTAssertEqual(stopped.proceeds, 0, "what fits before 1 % is worth under a credit")
        XCTAssertGreaterThanOrEqual(stopped.after.probability, 0.01)
        XCTAssertEqual(Double(stopped.shares), bob.after.sharesToLimit(selling: 0), accuracy: 1)
        // Bob selling a third of his NO raises YES again; then Alice sells part of hers, up to 1 %.
        let third = bob.after.sellWithinLimit(outcome: 1, shares: bob.shares / 3)
        XCTAssertEqual(third.shares, bob.shares / 3)
        XCTAssertEqual(third.proceeds, bob.after.sell(outcome: 1, shares: bob.shares / 3).proceeds)
        let partial = third.after.sellWithinLimit(outcome: 0, shares: alice.shares)
        XCTAssertGreaterThan(partial.shares, 0)
        XCTAssertLessThan(partial.shares, alice.shares)
        XCTAssertGreaterThan(partial.proceeds, 0)
        XCTAssertEqual(Double(partial.shares), third.after.sharesToLimit(selling: 0), accuracy: 1)
        // The fraction of a credit not paid stays in both pools: with ~10 NO shares left, that lifts YES a little.
        XCTAssertGreaterThanOrEqual(partial.after.probability, 0.01)
        XCTAssertLessThan(partial.after.probability, 0.011)
    }

    func test_theProbabilityShown_isThePoolsOwn_evenOutsideTheLimits() {
        // Pools no trade can make any more (they were possible before the limit): shown as they are.
        let past = ManifoldCPMM(yes: 1_000_000, no: 10_000_000_000, p: 0.5)
        XCTAssertEqual(past.probability, 10_000.0 / 10_001.0, accuracy: 1e-12)
        XCTAssertEqual(past.priceMicros.0, 999_900)
        XCTAssertEqual(past.buyWithinLimit(outcome: 0, credits: 10).credits, 0, "no buy takes it further")
        XCTAssertGreaterThan(past.buyWithinLimit(outcome: 1, credits: 10).credits, 0, "the other side still trades")
    }
}
