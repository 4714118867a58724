import Foundation

/// Membership tiers, ordered: a higher tier includes everything of a lower one.
public enum Tier: String, Sendable, Comparable, CaseIterable {
    case free, pro, premium

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}
