import Foundation

/// Manifold's constant-product market maker for a binary market (admin-created markets).
///
/// Outcome 0 ("YES") has pool `yes` and weight `p`, outcome 1 ("NO") pool `no` and weight 1 − p;
/// pools are micro-shares (`MicroShares.scale`). Trades keep `yes^p · no^(1−p)` (k) constant:
/// the maths runs in `Double` (log space, exact enough for pools far below 2^53 micro-shares), and
/// every stored result is an integer floored in the house's favour, so k never decreases.
/// `buy` and `sell` are the bare formulas; trades go through `ManifoldCPMM+Limits`, which stops
/// them where the probability reaches 1 % or 99 %.
public struct ManifoldCPMM: Sendable, Equatable {
    public var yes: Int64
    public var no: Int64
    public var p: Double

    /// Trades stop where the probability of outcome 0 reaches these (Manifold's `MIN_CPMM_PROB`, `MAX_CPMM_PROB`).
    public static let minimumProbability = 0.01
    public static let maximumProbability = 0.99

    public init(yes: Int64, no: Int64, p: Double) {
        self.yes = yes
        self.no = no
        self.p = p
    }

    /// Probability of outcome 0: p·NO / ((1−p)·YES + p·NO), the pool's own (trades keep it within
    /// 0.01…0.99, so it is shown as it is).
    public var probability: Double {
        p * Double(no) / ((1 - p) * Double(yes) + p * Double(no))
    }

    /// Prices in micros of outcome 0 and 1; they add up to exactly 1,000,000.
    public var priceMicros: (Int, Int) {
        let first = Int((probability * 1_000_000).rounded())
        return (first, 1_000_000 - first)
    }

    /// ln k, the invariant in log space (for tests and checks).
    public var logInvariant: Double { p * log(Double(yes)) + (1 - p) * log(Double(no)) }

    /// Buys `outcome` with `amountMicros` micro-credits: the amount mints that many shares of both
    /// outcomes into the pools, then the pool of `outcome` shrinks until k holds again; what it lost
    /// is the buyer's. Returns the shares bought (floored) and the pools after.
    public func buy(outcome: Int, amountMicros: Int64) -> (shares: Int64, after: ManifoldCPMM) {
        let (own, other, weight) = sides(outcome)
        let ownAfterMint = Double(own) + Double(amountMicros)
        let otherAfter = Double(other) + Double(amountMicros)
        // own^w · other^(1−w) = own'^w · otherAfter^(1−w)  ⇒  own' = own · (other / otherAfter)^((1−w)/w)
        let ownKept = Double(own) * pow(Double(other) / otherAfter, (1 - weight) / weight)
        var shares = Int64((ownAfterMint - ownKept).rounded(.down))
        let newOther = other + amountMicros
        // pow's last-bit error could hand out a fraction of a micro-share too many: give it back.
        for _ in 0..<2 where with(outcome: outcome, own: own + amountMicros - shares, other: newOther).logInvariant < logInvariant {
            shares -= 1
        }
        return (shares, with(outcome: outcome, own: own + amountMicros - shares, other: newOther))
    }

    /// Sells `shares` micro-shares of `outcome` back: they go into its pool, then M micro-credits
    /// leave both pools, M the largest amount keeping k (found by bisection). Returns the proceeds
    /// in whole credits (floored) and the pools after removing exactly those credits.
    public func sell(outcome: Int, shares: Int64) -> (proceeds: Int, after: ManifoldCPMM) {
        let (own, other, weight) = sides(outcome)
        let target = weight * log(Double(own)) + (1 - weight) * log(Double(other))
        let ownWithShares = Double(own) + Double(shares)
        func keepsInvariant(_ m: Double) -> Bool {
            weight * log(ownWithShares - m) + (1 - weight) * log(Double(other) - m) >= target
        }
        // M lies in [0, min(own + shares, other)): at the top a pool would be empty.
        var low = 0.0
        var high = min(ownWithShares, Double(other))
        for _ in 0..<200 where high - low > 0.25 {
            let middle = (low + high) / 2
            if keepsInvariant(middle) { low = middle } else { high = middle }
        }
        // `low` keeps the invariant in computed arithmetic; whole credits below it keep it too.
        let credits = Int64(low.rounded(.down)) / BetMath.micros
        let removed = credits * BetMath.micros
        return (Int(credits), with(outcome: outcome, own: own + shares - removed, other: other - removed))
    }

    func sides(_ outcome: Int) -> (own: Int64, other: Int64, weight: Double) {
        outcome == 0 ? (yes, no, p) : (no, yes, 1 - p)
    }

    private func with(outcome: Int, own: Int64, other: Int64) -> ManifoldCPMM {
        outcome == 0 ? ManifoldCPMM(yes: own, no: other, p: p) : ManifoldCPMM(yes: other, no: own, p: p)
    }
}
