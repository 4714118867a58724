import Bus
import Contracts

/// The one place where betting refusals become reply codes. Refusals that depend on the state
/// (market closed, too few credits, bet already closed, price at its limit, market resolved
/// otherwise or not resolved) are ABORTED with a reason: 409 via the gateway.
extension BettingError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .marketClosed(let marketId, let status):
            let state = status == "open" ? "past its close time" : status
            return RPCError(.aborted, "market \(marketId) is \(state): no more bets or sells", reason: "MARKET_CLOSED")
        case .insufficientCredits(let available, let requested):
            return RPCError(.aborted, "not enough credits: \(available) available, \(requested) requested", reason: "INSUFFICIENT_CREDITS")
        case .betNotFound(let id):
            return .notFound("no bet \(id)")
        case .marketNotFound(let id):
            return .notFound("no market \(id)")
        case .betNotOpen(let betId, let status):
            return RPCError(.aborted, "bet \(betId) is \(status): it holds no shares to sell", reason: "BET_NOT_OPEN")
        case .alreadyResolved(let marketId, let resolution):
            return RPCError(
                .aborted,
                "market \(marketId) is already resolved \(resolution): this resolution was not applied (unresolve first)",
                reason: "ALREADY_RESOLVED"
            )
        case .notResolved(let marketId, let status):
            return RPCError(.aborted, "market \(marketId) is \(status): there is no resolution to undo", reason: "NOT_RESOLVED")
        case .buyAtLimit(let outcome, let fillable):
            let room =
                fillable == 0
                ? "nothing more can be bought until its price comes down"
                : "only \(fillable) credits can be bought before it, less than the \(PlaceBetInput.minimumAmount)-credit minimum bet"
            return RPCError(.aborted, "\(outcome) is at its 99 % price limit: \(room)", reason: "PRICE_AT_LIMIT")
        case .saleAtLimit(let outcome, let sellable):
            let room =
                sellable == 0
                ? "no shares can be sold until its price goes up"
                : "only \(MicroShares.format(sellable)) shares can be sold before it, worth less than 1 credit"
            return RPCError(.aborted, "\(outcome) is at its 1 % price limit: \(room)", reason: "PRICE_AT_LIMIT")
        }
    }
}
