import Foundation

/// The leaderboards' week: ISO weeks starting Monday 00:00 UTC (Postgres `date_trunc('week', …)`
/// agrees, so the reconciliation job groups the ledger the same way).
public enum StatsWeek {
    /// The Monday starting `date`'s week, as a Postgres `date` literal ("2026-12-07").
    public static func start(of date: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let monday = calendar.dateInterval(of: .weekOfYear, for: date)!.start
        let parts = calendar.dateComponents([.year, .month, .day], from: monday)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
