import Foundation

/// Manifold's 1 %/99 % limit on CPMM trades (`MIN_CPMM_PROB`, `MAX_CPMM_PROB`): a buy fills only
/// the whole credits that keep its outcome at or under 99 % (the rest is not bought, so not
/// charged), a sale only the shares that keep its outcome at or over 1 %. The pool's probability so
/// never leaves 0.01…0.99.
extension ManifoldCPMM {
    /// Buys `outcome` with at most `credits` whole credits, stopping at the limit. Returns the
    /// credits filled (0 at the limit), the shares and the pools after (`self` when nothing filled).
    ///
    /// The fill is floored to whole credits, so the price stops just short of the limit: the house
    /// never sells past it, and the buyer pays exactly the credits the shares were computed from.
    public func buyWithinLimit(outcome: Int, credits: Int) -> (credits: Int, shares: Int64, after: ManifoldCPMM) {
        let room = amountToLimit(buying: outcome) / Double(BetMath.micros)
        guard room.isFinite, room >= 1 else { return (0, 0, self) }
        var filled = room >= Double(credits) ? credits : Int(room.rounded(.down))
        while filled > 0 {
            let trade = buy(outcome: outcome, amountMicros: Int64(filled) * BetMath.micros)
            if !trade.after.isPastLimit(pushing: outcome) { return (filled, trade.shares, trade.after) }
            filled -= 1  // the limit fell on a whole credit and pow's last bits crossed it
        }
        return (0, 0, self)
    }

    /// Sells at most `shares` micro-shares of `outcome`, stopping at the limit. Returns the
    /// micro-shares sold (0 at the limit), the proceeds in whole credits and the pools after.
    public func sellWithinLimit(outcome: Int, shares: Int64) -> (shares: Int64, proceeds: Int, after: ManifoldCPMM) {
        let room = sharesToLimit(selling: outcome)
        guard room.isFinite, room >= 1 else { return (0, 0, self) }
        var selling = room >= Double(shares) ? shares : Int64(room.rounded(.down))
        for _ in 0..<3 where selling > 0 {
            let trade = sell(outcome: outcome, shares: selling)
            if !trade.after.isPastLimit(pushing: 1 - outcome) { return (selling, trade.proceeds, trade.after) }
            selling -= 1  // the limit fell within exp's last bits of a micro-share
        }
        return (0, 0, self)
    }

    /// Micro-credits a buy of `outcome` spends to take the probability exactly to its limit
    /// (Manifold's `calculateCpmmAmountToProb`): the amount joins the other pool, so it is how far
    /// the other pool is from its size at the limit. Negative past the limit.
    public func amountToLimit(buying outcome: Int) -> Double {
        let target = pools(atProbability: Self.limit(pushing: outcome))
        return outcome == 0 ? target.no - Double(no) : target.yes - Double(yes)
    }

    /// Micro-shares of `outcome` a sale takes to take the probability exactly to its limit: the
    /// shares join their own pool and the proceeds leave both, so own + shares − M and other − M are
    /// the pools at the limit. Negative past the limit.
    public func sharesToLimit(selling outcome: Int) -> Double {
        let target = pools(atProbability: Self.limit(pushing: 1 - outcome))
        let (ownTarget, otherTarget) = outcome == 0 ? (target.yes, target.no) : (target.no, target.yes)
        let (own, other, _) = sides(outcome)
        return (ownTarget - Double(own)) + (Double(other) - otherTarget)
    }

    /// The pools with this k and p where the probability of outcome 0 is `q`: there
    /// NO/YES = r = q(1−p) / (p(1−q)), and YES^p·NO^(1−p) = k gives YES = k·r^(p−1), NO = k·r^p.
    func pools(atProbability q: Double) -> (yes: Double, no: Double) {
        let logRatio = log(q * (1 - p)) - log(p * (1 - q))
        return (exp(logInvariant + (p - 1) * logRatio), exp(logInvariant + p * logRatio))
    }

    /// The probability of outcome 0 at which trades moving the price toward `outcome` stop.
    static func limit(pushing outcome: Int) -> Double {
        outcome == 0 ? maximumProbability : minimumProbability
    }

    /// Past the limit of trades moving the price toward `outcome` (a buy of it, a sale of the other).
    func isPastLimit(pushing outcome: Int) -> Bool {
        outcome == 0 ? probability > Self.maximumProbability : probability < Self.minimumProbability
    }
}
