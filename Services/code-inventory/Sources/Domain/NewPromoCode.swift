import Foundation
import ServiceKit

/// A validated promo code to create.
public struct NewPromoCode: Sendable, Equatable {
    public var code: String
    public var benefit: PromoBenefitValue
    public var maxRedemptions: Int
    public var validFrom: Date
    public var validUntil: Date

    /// Checks every field (all problems are reported at once). `validFrom` empty means `now`.
    public static func validate(
        code: String,
        credits: Int?,
        tier: String?,
        days: Int?,
        hasBenefit: Bool,
        maxRedemptions: Int,
        validFrom: String,
        validUntil: String,
        now: Date
    ) throws -> NewPromoCode {
        var violations: [Violation] = []
        let normalized = PromoRules.normalizedCode(code)
        if normalized == nil {
            violations.append(Violation("code", code.isEmpty ? "is required" : "must be 3 to 64 letters, digits, - or _"))
        }
        let benefit = benefitValue(credits: credits, tier: tier, days: days, hasBenefit: hasBenefit, violations: &violations)
        if !(1...PromoRules.maxRedemptionsLimit).contains(maxRedemptions) {
            violations.append(Violation("maxRedemptions", "must be between 1 and \(PromoRules.maxRedemptionsLimit)"))
        }
        var from = now
        if !validFrom.isEmpty {
            if let parsed = Timestamps.parse(validFrom) {
                from = parsed
            } else {
                violations.append(Violation("validFrom", "must be an RFC 3339 time"))
            }
        }
        var until: Date?
        if validUntil.isEmpty {
            violations.append(Violation("validUntil", "is required"))
        } else if let parsed = Timestamps.parse(validUntil) {
            until = parsed
            if parsed <= from { violations.append(Violation("validUntil", "must be after validFrom")) }
        } else {
            violations.append(Violation("validUntil", "must be an RFC 3339 time"))
        }
        guard violations.isEmpty, let normalized, let benefit, let until else { throw CodeInventoryError.invalid(violations) }
        return NewPromoCode(code: normalized, benefit: benefit, maxRedemptions: maxRedemptions, validFrom: from, validUntil: until)
    }

    private static func benefitValue(
        credits: Int?,
        tier: String?,
        days: Int?,
        hasBenefit: Bool,
        violations: inout [Violation]
    ) -> PromoBenefitValue? {
        guard hasBenefit else {
            violations.append(Violation("benefit", "is required: {\"credits\":N} or {\"tier\":\"…\",\"days\":N}"))
            return nil
        }
        switch (credits, tier) {
        case (let credits?, nil):
            if days != nil { violations.append(Violation("benefit.days", "only goes with a tier")) }
            guard (1...PromoRules.maxCredits).contains(credits) else {
                violations.append(Violation("benefit.credits", "must be between 1 and \(PromoRules.maxCredits)"))
                return nil
            }
            return .credits(credits)
        case (nil, let tier?):
            let validTier =
                (1...32).contains(tier.count)
                && tier.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
                }
            if !validTier { violations.append(Violation("benefit.tier", "must be 1 to 32 of a-z, 0-9, - or _")) }
            guard let days, (1...PromoRules.maxDays).contains(days) else {
                violations.append(Violation("benefit.days", "must be between 1 and \(PromoRules.maxDays) with a tier"))
                return nil
            }
            return validTier ? .tier(tier, days: days) : nil
        default:
            violations.append(Violation("benefit", "give credits or tier"))
            return nil
        }
    }
}
