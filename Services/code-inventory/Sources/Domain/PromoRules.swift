import Foundation

/// The pure rules of promo codes: names, validity window, limits.
public enum PromoRules {
    /// Longest benefit duration and largest limits accepted at creation.
    public static let maxDays = 3650
    public static let maxRedemptionsLimit = 100_000_000
    public static let maxCredits = 1_000_000_000
    /// Redemption records are kept this long (`promo-cleanup` deletes older ones).
    public static let redemptionRetention: TimeInterval = 365 * 24 * 60 * 60

    /// Promo codes are case-insensitive: stored and looked up upper-case. nil when not a valid name
    /// (3…64 of A–Z, 0–9, `-`, `_` after trimming).
    public static func normalizedCode(_ raw: String) -> String? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard (3...64).contains(code.count),
            code.unicodeScalars.allSatisfy({
                ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            })
        else { return nil }
        return code
    }

    /// Why `promo` cannot be redeemed at `now` (window is `validFrom <= now < validUntil`), or nil.
    public static func refusal(_ promo: PromoCodeRecord, now: Date) -> PromoRefusal? {
        if !promo.active { return .inactive }
        if now < promo.validFrom { return .notYetValid }
        if now >= promo.validUntil { return .expired }
        if promo.redemptions >= promo.maxRedemptions { return .exhausted }
        return nil
    }

    /// Redemptions before this instant may be deleted.
    public static func retentionCutoff(now: Date) -> Date {
        now.addingTimeInterval(-redemptionRetention)
    }
}
