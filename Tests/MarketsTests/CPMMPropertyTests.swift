import Foundation
import Markets
import TestSupport
import XCTest

/// `ManifoldCPMM` against the port of Manifold's formulas (`ManifoldReference`) over random trade
/// sequences (seeded, so a failure replays): buys fill what Manifold's market order fills at its
/// 1 %/99 % limit, floored to whole credits, and get Manifold's shares to the micro-share; sales
/// pay Manifold's sale value floored to whole credits and stop where Manifold's limit would; the
/// probability never leaves 0.01…0.99 and k never decreases.
final class CPMMPropertyTests: XCTestCase {
    private let micros = 1_000_000.0

    func test_randomTradeSequences_matchManifold_toTheMicroShare_andStayWithinTheLimits() {
        var random = SplitMix64(seed: 0x27_C0FFEE)
        var seen = (partialBuys: 0, refusedBuys: 0, cappedSales: 0, dustSales: 0, sales: 0)
        for market in 0..<40 {
            let p = market < 4 ? [0.011, 0.989, 0.05, 0.95][market] : Double.random(in: 0.02...0.98, using: &random)
            let liquidity = Int64.random(in: 100...5_000, using: &random) * 1_000_000
            var cpmm = ManifoldCPMM(yes: liquidity, no: liquidity, p: p)
            var positions: [(outcome: Int, shares: Int64)] = []
            for step in 0..<150 {
                let context = "market \(market) (p \(p), liquidity \(liquidity / 1_000_000)) step \(step)"
                let before = cpmm
                if positions.isEmpty || Int.random(in: 0..<3, using: &random) > 0 {
                    let outcome = Int.random(in: 0...1, using: &random)
                    let credits = Int(exp(Double.random(in: log(10)...log(10_000), using: &random)))
                    let fill = checkBuy(cpmm, outcome: outcome, credits: credits, context)
                    if fill.credits == 0 { seen.refusedBuys += 1 } else if fill.credits < credits { seen.partialBuys += 1 }
                    if fill.shares > 0 { positions.append((outcome, fill.shares)) }
                    cpmm = fill.after
                } else {
                    let index = Int.random(in: 0..<positions.count, using: &random)
                    let held = positions[index].shares
                    let requested =
                        switch Int.random(in: 0..<4, using: &random) {
                        case 0: held
                        case 1: Int64.random(in: 1...min(held, 900_000), using: &random)  // dust: under one share
                        default: Int64.random(in: 1...held, using: &random)
                        }
                    let sale = checkSale(cpmm, outcome: positions[index].outcome, shares: requested, context)
                    seen.sales += 1
                    if sale.shares < requested { seen.cappedSales += 1 }
                    if sale.shares > 0 && sale.proceeds == 0 { seen.dustSales += 1 }
                    positions[index].shares -= sale.shares
                    if positions[index].shares == 0 { positions.remove(at: index) }
                    cpmm = sale.after
                }
                XCTAssertGreaterThanOrEqual(cpmm.probability, ManifoldCPMM.minimumProbability, context)
                XCTAssertLessThanOrEqual(cpmm.probability, ManifoldCPMM.maximumProbability, context)
                XCTAssertGreaterThanOrEqual(cpmm.logInvariant, before.logInvariant - 1e-12, "k never decreases: \(context)")
            }
        }
        // The sequences reach every case they are meant to check.
        XCTAssertGreaterThan(seen.partialBuys, 20, "\(seen)")
        XCTAssertGreaterThan(seen.refusedBuys, 20, "\(seen)")
        XCTAssertGreaterThan(seen.cappedSales, 5, "\(seen)")
        XCTAssertGreaterThan(seen.dustSales, 5, "\(seen)")
    }

    /// Our buy against Manifold's market order (`computeFills` at the limit, then
    /// `calculateCpmmPurchase` of what we filled).
    private func checkBuy(
        _ cpmm: ManifoldCPMM,
        outcome: Int,
        credits: Int,
        _ context: String
    )
        -> (credits: Int, shares: Int64, after: ManifoldCPMM)
    {
        let ours = cpmm.buyWithinLimit(outcome: outcome, credits: credits)
        let state = reference(cpmm)
        let name = outcome == 0 ? "YES" : "NO"
        let manifold = ManifoldReference.computeFills(state, outcome: name, betAmount: Double(credits), limited: true)
        let filled = manifold.takers.reduce(0) { $0 + $1.amount }
        // Manifold fills a fraction of a credit to reach the limit exactly; we fill whole credits short of it.
        let expected = ManifoldReference.floatingEqual(filled, Double(credits)) ? credits : Int(filled.rounded(.down))
        XCTAssertEqual(ours.credits, expected, accuracy: isNearlyWhole(filled) ? 1 : 0, "filled credits: \(context)")
        guard ours.credits > 0 else {
            XCTAssertEqual(ours.after, cpmm, "a refused buy changes nothing: \(context)")
            return ours
        }
        let purchase = ManifoldReference.purchase(state, bet: Double(ours.credits), outcome: name)
        XCTAssertEqual(Double(ours.shares), purchase.shares * micros, accuracy: 1, "shares: \(context)")
        XCTAssertEqual(Double(ours.after.yes), purchase.state.yes * micros, accuracy: 1, "YES pool: \(context)")
        XCTAssertEqual(Double(ours.after.no), purchase.state.no * micros, accuracy: 1, "NO pool: \(context)")
        XCTAssertEqual(purchase.state.p, cpmm.p, accuracy: 1e-12, "no fees, so no liquidity added and p stays: \(context)")
        return ours
    }

    /// Our sale against `calculateCpmmSale` of the shares we sold; where ours stops at the limit,
    /// against the shares Manifold's opposite buy takes to reach it.
    private func checkSale(
        _ cpmm: ManifoldCPMM,
        outcome: Int,
        shares: Int64,
        _ context: String
    )
        -> (shares: Int64, proceeds: Int, after: ManifoldCPMM)
    {
        let ours = cpmm.sellWithinLimit(outcome: outcome, shares: shares)
        let state = reference(cpmm)
        let (name, opposite) = outcome == 0 ? ("YES", "NO") : ("NO", "YES")
        if ours.shares < shares {
            let limit = outcome == 0 ? ManifoldReference.minCpmmProb : ManifoldReference.maxCpmmProb
            let toLimit = ManifoldReference.shares(
                state,
                bet: ManifoldReference.amountToProb(state, prob: limit, outcome: opposite),
                outcome: opposite
            )
            XCTAssertEqual(Double(ours.shares), max(0, toLimit * micros), accuracy: 2, "shares sold up to the limit: \(context)")
        }
        guard ours.shares > 0 else {
            XCTAssertEqual(ours.after, cpmm, "a refused sale changes nothing: \(context)")
            return ours
        }
        let sale = ManifoldReference.sale(state, shares: Double(ours.shares) / micros, outcome: name)
        XCTAssertEqual(
            ours.proceeds,
            Int(sale.saleValue.rounded(.down)),
            accuracy: isNearlyWhole(sale.saleValue) ? 1 : 0,
            "proceeds are Manifold's sale value floored: \(context)"
        )
        // Manifold's pools lose the whole sale value; ours only the credits paid (the house keeps the fraction).
        let kept = (sale.saleValue - Double(ours.proceeds)) * micros
        XCTAssertEqual(Double(ours.after.yes), (sale.state.yes * micros) + kept, accuracy: 1, "YES pool: \(context)")
        XCTAssertEqual(Double(ours.after.no), (sale.state.no * micros) + kept, accuracy: 1, "NO pool: \(context)")
        return ours
    }

    private func reference(_ cpmm: ManifoldCPMM) -> ManifoldReference.State {
        ManifoldReference.State(yes: Double(cpmm.yes) / micros, no: Double(cpmm.no) / micros, p: cpmm.p)
    }

    /// Within a micro-credit of a whole credit: floating point may floor either way.
    private func isNearlyWhole(_ credits: Double) -> Bool {
        abs(credits - credits.rounded()) < 1e-6
    }
}
