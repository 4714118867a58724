import Bus
import Contracts
import Foundation
import ServiceKit

/// Promo code methods: admin CRUD (REST) and the bus-only RedeemPromo / ListActivePromoCodes.
struct PromoHandlers: Sendable {
    let store: PromoCodeStore
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.registerIdempotent(CodeInventoryMethods.createPromoCode) { (request: CreatePromoCodeRequest, context) in
            try await create(request, context)
        }
        runtime.router.register(CodeInventoryMethods.getPromoCode) { (request: GetPromoCodeRequest, context) in try await get(request, context) }
        runtime.router.register(CodeInventoryMethods.listPromoCodes) { (request: ListPromoCodesRequest, context) in
            try context.require(anyRole: Roles.admin)
            return try await list(request, redeemable: false)
        }
        runtime.router.register(CodeInventoryMethods.listActivePromoCodes) { (request: ListPromoCodesRequest, context) in
            try context.require(anyRole: Roles.service, Roles.admin)
            return try await list(request, redeemable: true)
        }
        // Not registerIdempotent: the store itself replays a redemption by its key, atomically with it.
        runtime.router.register(CodeInventoryMethods.redeemPromo) { (request: RedeemPromoRequest, context) in try await redeem(request, context) }
    }

    func create(_ request: CreatePromoCodeRequest, _ context: RPCContext) async throws -> PromoCode {
        try context.require(anyRole: Roles.admin)
        let now = clock.now()
        let promo = try NewPromoCode.validate(
            code: request.code,
            credits: request.benefit?.credits.map { Int($0) },
            tier: request.benefit?.tier,
            days: request.benefit?.days.map { Int($0) },
            hasBenefit: request.benefit != nil,
            maxRedemptions: Int(request.maxRedemptions),
            validFrom: request.validFrom,
            validUntil: request.validUntil,
            now: now
        )
        return PromoMessages.promoCode(try await store.create(promo, createdBy: context.principal.subject, now: now))
    }

    func get(_ request: GetPromoCodeRequest, _ context: RPCContext) async throws -> PromoCode {
        try context.require(anyRole: Roles.admin)
        guard let code = PromoRules.normalizedCode(request.code) else { throw CodeInventoryError.promoCodeNotFound(request.code) }
        return PromoMessages.promoCode(try await store.get(code))
    }

    func list(_ request: ListPromoCodesRequest, redeemable: Bool) async throws -> ListPromoCodesReply {
        let limit = try PageCursor.limit(Int(request.limit))
        let after = try PageCursor.decode(request.cursor)
        // One extra row tells whether another page follows.
        let records = try await store.list(after: after, limit: limit + 1, redeemableAt: redeemable ? clock.now() : nil)
        let page = Array(records.prefix(limit))
        let next = records.count > limit ? page.last.map { PageCursor.encode($0.code) } ?? "" : ""
        return ListPromoCodesReply(promoCodes: page.map(PromoMessages.promoCode), nextCursor: next)
    }

    func redeem(_ request: RedeemPromoRequest, _ context: RPCContext) async throws -> RedeemPromoReply {
        try context.require(anyRole: Roles.service)
        var violations: [Violation] = []
        let code = PromoRules.normalizedCode(request.code)
        if code == nil { violations.append(Violation("code", request.code.isEmpty ? "is required" : "is not a promo code")) }
        if request.userId.isEmpty { violations.append(Violation("userId", "is required")) }
        if request.userId.count > CodeRules.maxUserIdLength {
            violations.append(Violation("userId", "longer than \(CodeRules.maxUserIdLength) characters"))
        }
        let key = request.idempotencyKey.isEmpty ? context.idempotencyKey : request.idempotencyKey
        if key.count > 200 { violations.append(Violation("idempotencyKey", "longer than 200 characters")) }
        guard violations.isEmpty, let code else { throw CodeInventoryError.invalid(violations) }
        let redemption = try await store.redeem(code: code, userId: request.userId, idempotencyKey: key, now: clock.now())
        return RedeemPromoReply(
            code: redemption.promo.code,
            userId: redemption.userId,
            benefit: PromoMessages.benefit(redemption.promo.benefit),
            redeemedAt: Timestamps.format(redemption.redeemedAt),
            redemptionId: redemption.id.lowercasedString
        )
    }
}
