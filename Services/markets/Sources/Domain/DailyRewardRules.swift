import Foundation

/// The daily reward: day 1 of a streak pays 1000, each consecutive day 500 more, at most 10,000;
/// a missed UTC day starts over at day 1.
public enum DailyRewardRules {
    public static let firstDay = 1000
    public static let step = 500
    public static let cap = 10_000

    public static func amount(streak: Int) -> Int {
        min(cap, firstDay + step * (max(1, streak) - 1))
    }

    /// Today's streak given the day of the previous claim (nil: never claimed).
    public static func streak(today: Date, lastClaimDay: Date?, lastStreak: Int) -> Int {
        guard let lastClaimDay, utcDay(today).timeIntervalSince(lastClaimDay) == 86_400 else { return 1 }
        return lastStreak + 1
    }

    /// 00:00 UTC of the day of `date`.
    public static func utcDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// When the next claim opens: 00:00 UTC tomorrow.
    public static func nextClaim(after now: Date) -> Date {
        utcDay(now).addingTimeInterval(86_400)
    }
}
