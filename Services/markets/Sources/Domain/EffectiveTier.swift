import Foundation

/// The tier a user has right now: their own (unless it has expired) or the global override's,
/// whichever is higher; ties go to the user's own (its source is more specific).
public struct EffectiveTier: Sendable, Equatable {
    public var tier: Tier
    public var source: String
    public var expiresAt: Date?

    public static func resolve(own: Tier, source: String, expiresAt: Date?, override: (tier: Tier, expiresAt: Date)?, now: Date) -> EffectiveTier {
        var current = EffectiveTier(tier: own, source: source, expiresAt: expiresAt)
        if own != .free, let end = expiresAt, end <= now {
            current = EffectiveTier(tier: .free, source: "default", expiresAt: nil)
        }
        if let override, override.expiresAt > now, override.tier > current.tier {
            current = EffectiveTier(tier: override.tier, source: "global_override", expiresAt: override.expiresAt)
        }
        return current
    }
}
