import Bus
import Contracts
import Foundation
import ServiceKit

/// Earn, redeem, their preview, the store's history and who is signed in: what a cashier does at the till.
struct CashierHandlers: Sendable {
    let operations: CashierOperations
    let history: CashierHistoryStore
    let access: Access
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        // With an Idempotency-Key a retry gets the first answer; without one the store's
        // duplicate guard refuses a repeat within 10 s.
        runtime.registerIdempotent(LoyaltyMethods.earn) { (request: EarnRequest, context) in try await earn(request, context) }
        runtime.registerIdempotent(LoyaltyMethods.redeem) { (request: RedeemRequest, context) in try await redeem(request, context) }
        runtime.router.register(LoyaltyMethods.previewPurchase) { (request: PreviewPurchaseRequest, context) in try await preview(request, context) }
        runtime.router.register(LoyaltyMethods.getCashierSession) { (_: GetCashierSessionRequest, context) in try await session(context) }
        runtime.router.register(LoyaltyMethods.listStoreTransactions) { (request: ListStoreTransactionsRequest, context) in
            try await list(request, context)
        }
    }

    func earn(_ request: EarnRequest, _ context: RPCContext) async throws -> EarnReply {
        let input = try PurchaseInput.validate(card: request.card, storeId: request.storeId, amount: request.amount)
        try await access.requireCashier(context, storeId: input.storeId)
        return try await operations.earn(input, guardDuplicates: context.idempotencyKey.isEmpty, now: clock.now())
    }

    func redeem(_ request: RedeemRequest, _ context: RPCContext) async throws -> RedeemReply {
        let input = try PurchaseInput.validate(card: request.card, storeId: request.storeId, amount: request.amount, points: request.points)
        try await access.requireCashier(context, storeId: input.storeId)
        return try await operations.redeem(input, guardDuplicates: context.idempotencyKey.isEmpty, now: clock.now())
    }

    /// What Earn or Redeem would answer now, checked as they check (same access, same refusals).
    func preview(_ request: PreviewPurchaseRequest, _ context: RPCContext) async throws -> PurchasePreview {
        let (input, kind) = try PurchaseInput.validatePreview(
            card: request.card,
            storeId: request.storeId,
            amount: request.amount,
            operation: request.operation,
            points: request.points
        )
        try await access.requireCashier(context, storeId: input.storeId)
        return try await operations.preview(input, kind: kind, now: clock.now())
    }

    /// The caller and the stores they may act for at a till (what the cashier page signs in with).
    func session(_ context: RPCContext) async throws -> CashierSession {
        let caller = Caller(context.principal)
        let stores = try await access.stores.tillStores(for: caller)
        switch caller {
        case .admin: return CashierSession(kind: "admin", stores: stores)
        case .store: return CashierSession(kind: "store_key", stores: stores)
        case .telegram(let id, _): return CashierSession(kind: "telegram", telegramId: id, stores: stores)
        case .service, .anonymous: throw LoyaltyError.forbidden("a till session needs a store key, a Telegram user or an admin")
        }
    }

    func list(_ request: ListStoreTransactionsRequest, _ context: RPCContext) async throws -> StoreTransactionsPage {
        guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
        let page = try IdPage.validate(limit: request.limit, cursor: request.cursor)
        try await access.requireCashier(context, storeId: request.storeId)
        let rows = try await history.list(storeId: request.storeId, before: page.before, limit: page.limit + 1)
        return StoreTransactionsPage(
            storeId: request.storeId,
            transactions: Array(rows.prefix(page.limit)),
            nextCursor: page.nextCursor(rows.map(\.id), fetched: rows.count)
        )
    }
}
