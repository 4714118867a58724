/// Manifold's constant-product market maker for YES/NO markets: pools of YES and NO shares and a
/// weight `p`. The YES probability is `p·NO / ((1−p)·YES + p·NO)`; prices are that probability in
/// millionths — trades stop at 1 % and 99 % (`ManifoldCPMM+Limits`), so it is shown as it is.
public enum CPMM {
    /// Liquidity is credits; each pool starts with that many shares, kept in micro-shares.
    public static let microsPerShare: Int64 = 1_000_000

    /// Both pools at `liquidity` credits' worth of shares: with equal pools the probability is `p`.
    public static func initialPools(liquidity: Int) -> (yes: Int64, no: Int64) {
        let pool = Int64(liquidity) * microsPerShare
        return (pool, pool)
    }

    /// The YES price in millionths, rounded to the nearest millionth (halves away from zero) — the
    /// same maths trades use (`ManifoldCPMM`), so listings show what a bet pays.
    /// Two empty pools (never stored: pools are `CHECK (pool_micros > 0)`) price at 0, not NaN.
    public static func yesPriceMicros(p: Double, yesPool: Int64, noPool: Int64) -> Int {
        guard yesPool > 0 || noPool > 0 else { return 0 }
        return ManifoldCPMM(yes: yesPool, no: noPool, p: p).priceMicros.0
    }

    /// YES and NO prices; NO is the complement so the two always add up to 1.
    public static func prices(p: Double, yesPool: Int64, noPool: Int64) -> (yes: Int, no: Int) {
        let yes = yesPriceMicros(p: p, yesPool: yesPool, noPool: noPool)
        return (yes, PriceMicros.one - yes)
    }
}
