import Bus
import Contracts
import Foundation
import ServiceKit

/// Bets (place, sell, read), resolution and its undoing (admin) and the caller's credit ledger.
struct BettingHandlers: Sendable {
    let bets: BetStore
    let settlements: SettlementStore
    let history: TransactionHistoryStore
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.registerIdempotent(MarketsMethods.placeBet) { (request: PlaceBetRequest, context) in
            let input = try PlaceBetInput.validate(marketId: request.marketId, outcome: request.outcome, amount: request.amount)
            return try await bets.place(input, userId: try AccountHandlers.userId(context), now: clock.now())
        }
        runtime.registerIdempotent(MarketsMethods.sellBet) { (request: SellBetRequest, context) in
            let input = try SellInput.validate(betId: request.betId, shares: request.shares)
            return try await bets.sell(input, userId: try AccountHandlers.userId(context), now: clock.now())
        }
        runtime.router.register(MarketsMethods.getBet) { (request: GetBetRequest, context) in
            let userId = try AccountHandlers.userId(context)
            guard let id = UUID(uuidString: request.betId) else { throw BettingError.invalid("betId", "is not a bet id") }
            return try await bets.bet(id, userId: userId)
        }
        runtime.router.register(MarketsMethods.listMyBets) { (request: ListMyBetsRequest, context) in
            let userId = try AccountHandlers.userId(context)
            return try await bets.bets(
                userId: userId,
                try BetListQuery.validate(status: request.status, limit: request.limit, cursor: request.cursor)
            )
        }
        runtime.router.register(MarketsMethods.listMyTransactions) { (request: ListTransactionsRequest, context) in
            let userId = try AccountHandlers.userId(context)
            let query = try TransactionListQuery.validate(type: request.type, limit: request.limit, cursor: request.cursor)
            return try await history.transactions(userId: userId, query)
        }
        runtime.registerIdempotent(MarketsMethods.resolveMarket) { (request: ResolveMarketRequest, context) in
            try context.require(anyRole: "admin")
            var violations: [Violation] = []
            let id = UUID(uuidString: request.id)
            if id == nil { violations.append(Violation("id", request.id.isEmpty ? "is required" : "is not a market id")) }
            if request.outcome.trimmingCharacters(in: .whitespaces).isEmpty { violations.append(Violation("outcome", "is required")) }
            guard let id, violations.isEmpty else { throw BettingError.invalid(violations) }
            return try await settlements.resolve(
                marketId: id,
                outcome: request.outcome,
                probabilityMicros: Int(request.probabilityMicros),
                now: clock.now()
            )
        }
        runtime.registerIdempotent(MarketsMethods.unresolveMarket) { (request: UnresolveMarketRequest, context) in
            try context.require(anyRole: "admin")
            guard let id = UUID(uuidString: request.id) else {
                throw BettingError.invalid("id", request.id.isEmpty ? "is required" : "is not a market id")
            }
            return try await settlements.unresolve(marketId: id, now: clock.now())
        }
    }
}
