import Foundation

/// When points expire: those earned on UTC date D expire at 00:00 UTC on D + 45 days.
public enum ExpiryPolicy {
    public static let lifetimeDays = 45
    /// "Expiring soon" on a customer's card means within this many days.
    public static let soonDays = 7

    /// 00:00 UTC of (the UTC date of `earnedAt`) + 45 days: earned 7 December → 21 January 00:00.
    public static func expiresAt(earnedAt: Date) -> Date {
        startOfUTCDay(earnedAt).addingTimeInterval(TimeInterval(lifetimeDays) * 86_400)
    }

    /// A lot is usable strictly before its expiry instant.
    public static func isExpired(_ expiresAt: Date, at now: Date) -> Bool {
        expiresAt <= now
    }

    static func startOfUTCDay(_ date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }
}
