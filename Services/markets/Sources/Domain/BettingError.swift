import ServiceKit

/// Every way a bet, sell, resolution or leaderboard call can refuse; mapped to reply codes in
/// `BettingError+RPC`.
public enum BettingError: Error, Sendable, Equatable {
    case invalid([Violation])
    /// The market is `status` (or open but past its close time): no bets or sells.
    case marketClosed(marketId: String, status: String)
    case insufficientCredits(available: Int, requested: Int)
    /// Unknown, or someone else's: the same answer, so bet ids do not leak.
    case betNotFound(String)
    case marketNotFound(String)
    /// The bet is already `status` (sold, won, lost, settled, refunded): nothing left to sell.
    case betNotOpen(betId: String, status: String)
    /// A resolve asked for another resolution than the one the market has: it was not applied.
    case alreadyResolved(marketId: String, resolution: MarketResolution)
    /// An unresolve of a market that is `status` (open or closed): nothing to undo.
    case notResolved(marketId: String, status: String)
    /// A CPMM buy of `outcome` is at its 99 % limit: `fillable` whole credits (under the minimum
    /// bet, maybe 0) could be bought before it.
    case buyAtLimit(outcome: String, fillable: Int)
    /// A CPMM sale of `outcome` is at its 1 % limit: `sellable` micro-shares (worth under 1 credit,
    /// maybe 0) could be sold before it.
    case saleAtLimit(outcome: String, sellable: Int64)

    static func invalid(_ field: String, _ description: String) -> BettingError {
        .invalid([Violation(field, description)])
    }
}
