import Foundation

/// A port of Manifold's binary CPMM (`common/src/calculate-cpmm.ts` of manifoldmarkets/manifold):
/// `calculateCpmmPurchase`, `calculateCpmmAmountToProb`, `computeFills` at the
/// `MIN_CPMM_PROB`/`MAX_CPMM_PROB` limit and `calculateCpmmSale`, in plain `Double` and whole
/// shares as Manifold computes them. Ours charge no fees and have no limit orders, so this is the
/// `freeFees` path with an empty order book; names and steps follow the TypeScript.
enum ManifoldReference {
    static let minCpmmProb = 0.01
    static let maxCpmmProb = 0.99
    /// `EPSILON` of `common/src/util/math.ts`.
    static let epsilon = 0.00000001

    /// `CpmmState`: the pool (YES, NO shares) and p.
    struct State: Equatable {
        var yes: Double
        var no: Double
        var p: Double
    }

    /// One pool fill of `computeFills`: what it cost and bought.
    struct Fill {
        var amount: Double
        var shares: Double
    }

    /// `getCpmmProbability`.
    static func probability(_ state: State) -> Double {
        (state.p * state.no) / ((1 - state.p) * state.yes + state.p * state.no)
    }

    /// `calculateCpmmShares`.
    static func shares(_ state: State, bet: Double, outcome: String) -> Double {
        if bet == 0 { return 0 }
        let (y, n, p) = (state.yes, state.no, state.p)
        let k = pow(y, p) * pow(n, 1 - p)
        return outcome == "YES"
            ? y + bet - pow(k * pow(bet + n, p - 1), 1 / p)
            : n + bet - pow(k * pow(bet + y, -p), 1 / (1 - p))
    }

    /// `calculateCpmmPurchase(state, bet, outcome, freeFees = true)`.
    static func purchase(_ state: State, bet: Double, outcome: String) -> (shares: Double, state: State) {
        let shares = shares(state, bet: bet, outcome: outcome)
        let fee = 0.0
        let (y, n) = (state.yes, state.no)
        let (newY, newN) = outcome == "YES" ? (y - shares + bet + fee, n + bet + fee) : (y + bet + fee, n - shares + bet + fee)
        let (pool, newP) = addLiquidity(State(yes: newY, no: newN, p: state.p), amount: fee)
        return (shares, State(yes: pool.yes, no: pool.no, p: newP))
    }

    /// `addCpmmLiquidity` (the new pool and p).
    static func addLiquidity(_ state: State, amount: Double) -> (pool: (yes: Double, no: Double), p: Double) {
        let prob = probability(state)
        let (y, n) = (state.yes, state.no)
        let numerator = prob * (amount + y)
        let denominator = amount - n * (prob - 1) + prob * y
        return ((y + amount, n + amount), numerator / denominator)
    }

    /// `calculateCpmmAmountToProb`.
    static func amountToProb(_ state: State, prob rawProb: Double, outcome: String) -> Double {
        if rawProb <= 0 || rawProb >= 1 || rawProb.isNaN { return .infinity }
        let prob = outcome == "NO" ? 1 - rawProb : rawProb
        let (y, n, p) = (state.yes, state.no, state.p)
        let k = pow(y, p) * pow(n, 1 - p)
        if outcome == "YES" {
            let base = (p * (prob - 1)) / ((p - 1) * prob)
            return pow(base, -p) * (k - n * pow(base, p))
        }
        let base = ((1 - p) * (prob - 1)) / (-p * prob)
        return pow(base, p - 1) * (k - y * pow(base, 1 - p))
    }

    /// `computeFills` against the pool only (no limit orders), `freeFees`: with `limited` the
    /// limit is Manifold's `{ max: MAX_CPMM_PROB, min: MIN_CPMM_PROB }` of a market order, else none
    /// (as sales call it).
    static func computeFills(_ state: State, outcome: String, betAmount: Double, limited: Bool) -> (takers: [Fill], state: State) {
        let limitProb: Double? = limited ? (outcome == "YES" ? maxCpmmProb : minCpmmProb) : nil
        var amount = betAmount
        var cpmmState = state
        var takers: [Fill] = []
        // Manifold loops until a fill returns nothing; with no order book that is at most twice.
        for _ in 0..<10 {
            guard let fill = computeFill(amount: amount, outcome: outcome, limitProb: limitProb, state: cpmmState) else { break }
            cpmmState = fill.state
            takers.append(Fill(amount: fill.amount, shares: fill.shares))
            amount -= fill.amount
            if floatingEqual(amount, 0) { break }
        }
        return (takers, cpmmState)
    }

    /// `computeFill` with no matched bet.
    static func computeFill(
        amount: Double,
        outcome: String,
        limitProb: Double?,
        state: State
    )
        -> (amount: Double, shares: Double, state: State)?
    {
        let prob = probability(state)
        if let limitProb,
            outcome == "YES" ? floatingGreaterEqual(prob, limitProb) && 1 > limitProb : floatingLesserEqual(prob, limitProb) && 0 < limitProb
        {
            return nil  // No fill.
        }
        let buyAmount = limitProb.map { min(amount, amountToProb(state, prob: $0, outcome: outcome)) } ?? amount
        let bought = purchase(state, bet: buyAmount, outcome: outcome)
        return (buyAmount, bought.shares, bought.state)
    }

    /// `calculateAmountToBuyShares` with no limit orders.
    static func amountToBuyShares(_ state: State, shares: Double, outcome: String) -> Double {
        let prob = probability(state)
        let minAmount = shares * (outcome == "YES" ? prob : 1 - prob)
        return binarySearch(min: minAmount, max: shares) { amount in
            let takers = computeFills(state, outcome: outcome, betAmount: amount, limited: false).takers
            return takers.reduce(0) { $0 + $1.shares } - shares
        }
    }

    /// `calculateCpmmSale` with no limit orders: buy the opposite outcome until as many shares are
    /// bought as sold; each pair is worth 1, so the sale is worth shares − the amount paid.
    static func sale(_ state: State, shares rawShares: Double, outcome: String) -> (saleValue: Double, buyAmount: Double, state: State) {
        let shares = floatingEqual(rawShares, 0) ? 0 : rawShares
        precondition(shares >= 0, "Cannot sell non-positive shares")
        let opposite = outcome == "YES" ? "NO" : "YES"
        let buyAmount = amountToBuyShares(state, shares: shares, outcome: opposite)
        let fills = computeFills(state, outcome: opposite, betAmount: buyAmount, limited: false)
        let saleValue = fills.takers.reduce(0) { $0 + ($1.shares - $1.amount) }
        return (saleValue, buyAmount, fills.state)
    }

    /// `binarySearch` of `common/src/util/algos.ts`.
    static func binarySearch(min lower: Double, max upper: Double, maxIterations: Int = 50, _ comparator: (Double) -> Double) -> Double {
        var (min, max, mid, i) = (lower, upper, 0.0, 0)
        while true {
            mid = min + (max - min) / 2
            if mid == min || mid == max { break }
            let comparison = comparator(mid)
            if comparison == 0 { break } else if comparison > 0 { max = mid } else { min = mid }
            i += 1
            if i >= maxIterations { break }
        }
        return mid
    }

    static func floatingEqual(_ a: Double, _ b: Double) -> Bool { abs(a - b) < epsilon }
    static func floatingGreaterEqual(_ a: Double, _ b: Double) -> Bool { a + epsilon >= b }
    static func floatingLesserEqual(_ a: Double, _ b: Double) -> Bool { a - epsilon <= b }
}
