import Bus
import Contracts
import Foundation
import ServiceKit

/// The global tier override (admin) and promo code redemption.
struct TierHandlers: Sendable {
    let tiers: TierStore
    let redeemer: any PromoRedeemer
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(MarketsEconomyMethods.setTierOverride) { (request: SetTierOverrideRequest, context) in
            guard context.principal.has(role: "admin") else { throw EconomyError.forbidden("requires role admin") }
            let now = clock.now()
            var violations: [Violation] = []
            let tier = Tier(rawValue: request.tier)
            if tier == nil || tier == .free { violations.append(Violation("tier", "must be pro or premium")) }
            let end = Timestamps.parse(request.expiresAt)
            if end == nil {
                violations.append(Violation("expiresAt", "must be an RFC 3339 time"))
            } else if end! <= now {
                violations.append(Violation("expiresAt", "must be in the future"))
            }
            guard violations.isEmpty, let tier, let end else { throw EconomyError.invalid(violations) }
            try await tiers.setOverride(tier: tier, expiresAt: end, now: now)
            return TierOverride(tier: tier.rawValue, expiresAt: Timestamps.format(end), active: true)
        }
        runtime.router.register(MarketsEconomyMethods.clearTierOverride) { (_: ClearTierOverrideRequest, context) in
            guard context.principal.has(role: "admin") else { throw EconomyError.forbidden("requires role admin") }
            _ = try await tiers.clearOverride()
            return TierOverride(active: false)
        }
        runtime.router.register(MarketsEconomyMethods.redeemPromoCode) { (request: RedeemPromoCodeRequest, context) in
            let userId = try AccountHandlers.userId(context)
            let code = request.code.trimmingCharacters(in: .whitespaces).uppercased()
            guard (3...64).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw EconomyError.invalid([Violation("code", request.code.isEmpty ? "is required" : "is not a promo code")])
            }
            // One key per user and code: a retry after a lost reply gets the same redemption back.
            let key = "markets-promo:\(userId.lowercasedString):\(code)"
            let redemption = try await redeemer.redeem(code: code, userId: userId.lowercasedString, idempotencyKey: key)
            return try await tiers.applyPromo(redemption, userId: userId, now: clock.now())
        }
    }
}
