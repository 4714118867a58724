import Bus
import Contracts
import Foundation
import Logging
import ServiceKit

/// The till side: the receipt amount (precheck) and the pending discounts the agent applies in 1C.
struct TillHandlers: Sendable {
    let prechecks: PrecheckStore
    let discounts: DiscountStore
    let access: Access
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(LoyaltyMethods.submitPrecheck) { (request: SubmitPrecheckRequest, context) in try await submit(request, context) }
        runtime.router.register(LoyaltyMethods.getPrecheck) { (request: GetPrecheckRequest, context) in try await current(request, context) }
        runtime.router.register(LoyaltyMethods.clearPrecheck) { (request: ClearPrecheckRequest, context) in try await clear(request, context) }
        runtime.router.register(LoyaltyMethods.takePendingDiscounts) { (request: TakePendingDiscountsRequest, context) in
            try await take(request, context)
        }
        runtime.router.register(LoyaltyMethods.listPendingDiscounts) { (request: ListPendingDiscountsRequest, context) in
            try await list(request, context)
        }
        runtime.router.register(LoyaltyMethods.getDiscount) { (request: GetDiscountRequest, context) in try await state(request, context) }
        runtime.registerIdempotent(LoyaltyMethods.confirmDiscount) { (request: ConfirmDiscountRequest, context) in try await confirm(request, context)
        }
    }

    func submit(_ request: SubmitPrecheckRequest, _ context: RPCContext) async throws -> Precheck {
        var violations: [Violation] = []
        if request.storeId <= 0 { violations.append(Violation("storeId", "must be a positive store id")) }
        var kopecks: Int64?
        switch Kopecks.read(request.amount) {
        case .failure(let problem): violations.append(Violation("amount", Kopecks.explain(problem)))
        case .success(let value) where value <= 0: violations.append(Violation("amount", "must be more than 0"))
        case .success(let value): kopecks = value
        }
        guard violations.isEmpty, let kopecks else { throw LoyaltyError.invalid(violations) }
        try access.requireAgent(context, storeId: request.storeId)
        return try await prechecks.submit(storeId: request.storeId, kopecks: kopecks, now: clock.now())
    }

    func current(_ request: GetPrecheckRequest, _ context: RPCContext) async throws -> Precheck {
        guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
        try await access.requireCashier(context, storeId: request.storeId)
        return try await prechecks.current(storeId: request.storeId, now: clock.now())
    }

    /// The receipt was closed (amount.json gone or 0): the amount stops being served at once.
    func clear(_ request: ClearPrecheckRequest, _ context: RPCContext) async throws -> ClearPrecheckReply {
        guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
        try access.requireAgent(context, storeId: request.storeId)
        return ClearPrecheckReply(storeId: request.storeId, cleared: try await prechecks.clear(storeId: request.storeId))
    }

    func take(_ request: TakePendingDiscountsRequest, _ context: RPCContext) async throws -> PendingDiscounts {
        guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
        try access.requireStoreKey(context, storeId: request.storeId)
        return PendingDiscounts(discounts: try await discounts.take(storeId: request.storeId, now: clock.now()))
    }

    func list(_ request: ListPendingDiscountsRequest, _ context: RPCContext) async throws -> PendingDiscounts {
        guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
        try await access.requireCashier(context, storeId: request.storeId)
        return PendingDiscounts(discounts: try await discounts.open(storeId: request.storeId, now: clock.now()))
    }

    func state(_ request: GetDiscountRequest, _ context: RPCContext) async throws -> DiscountState {
        var violations: [Violation] = []
        if request.storeId <= 0 { violations.append(Violation("storeId", "must be a positive store id")) }
        if request.discountId <= 0 { violations.append(Violation("discountId", "must be a discount id")) }
        guard violations.isEmpty else { throw LoyaltyError.invalid(violations) }
        try await access.requireCashier(context, storeId: request.storeId)
        return try await discounts.state(storeId: request.storeId, discountId: request.discountId, now: clock.now())
    }

    func confirm(_ request: ConfirmDiscountRequest, _ context: RPCContext) async throws -> ConfirmDiscountReply {
        var violations: [Violation] = []
        if request.discountId <= 0 { violations.append(Violation("discountId", "must be a discount id")) }
        let outcome = DiscountStatus(rawValue: request.status)
        if outcome != .applied && outcome != .failed { violations.append(Violation("status", "must be \"applied\" or \"failed\"")) }
        guard violations.isEmpty, let outcome else { throw LoyaltyError.invalid(violations) }
        try access.requireAgent(context, storeId: try await discounts.storeId(of: request.discountId))
        let now = clock.now()
        // A discount past its expiry time is expired (points refunded) before the confirmation is
        // looked at, in a transaction of its own: a detached task does not join the idempotency
        // key's ambient transaction, so the refusal that follows cannot roll the refund back.
        _ = try await Task.detached { [discounts] in try await discounts.expire(discountId: request.discountId, now: now) }.value
        let (reply, postedLate) = try await discounts.confirm(discountId: request.discountId, outcome: outcome, now: now)
        guard postedLate else { return reply }
        if reply.shortfall > 0 {
            context.logger.error(
                "discount applied after its points were refunded; the balance covered only part of it",
                metadata: [
                    "discountId": "\(reply.discountId)", "redebited": "\(reply.pointsRedebited)", "shortfall": "\(reply.shortfall)",
                ]
            )
        } else {
            context.logger.warning(
                "discount applied after its points were refunded; taken again",
                metadata: ["discountId": "\(reply.discountId)", "redebited": "\(reply.pointsRedebited)"]
            )
        }
        return reply
    }
}
