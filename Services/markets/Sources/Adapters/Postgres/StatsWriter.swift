import Foundation
import Store

/// The leaderboard figures, changed in the same transaction as the money they count:
/// PnL = payouts + refunds + sale proceeds − stakes, volume = stakes; all time and per week (the
/// week of the movement, `StatsWeek`).
enum StatsWriter {
    /// Both upserts for one user as data-modifying CTE bodies, so a bet writes them in its one
    /// statement; with `forEachRowOf`, they write once per row of that CTE (none when it is empty).
    static func upserts(userId: UUID, pnl: Int, volume: Int, now: Date, forEachRowOf source: String? = nil) -> (allTime: SQL, weekly: SQL) {
        let week = StatsWeek.start(of: now)
        let from: SQL = source.map { "FROM \(identifier: $0)" } ?? ""
        return (
            """
            INSERT INTO user_stats (user_id, pnl, volume, updated_at) SELECT \(userId), \(pnl), \(volume), \(now) \(from)
            ON CONFLICT (user_id) DO UPDATE SET pnl = user_stats.pnl + excluded.pnl, volume = user_stats.volume + excluded.volume,
                                                updated_at = excluded.updated_at
            """,
            """
            INSERT INTO user_stats_weekly (user_id, week_start, pnl, volume) SELECT \(userId), \(week)::date, \(pnl), \(volume) \(from)
            ON CONFLICT (user_id, week_start) DO UPDATE SET pnl = user_stats_weekly.pnl + excluded.pnl,
                                                            volume = user_stats_weekly.volume + excluded.volume
            """
        )
    }

    /// Adds `pnl` to many users at once (a settlement), in user id order so concurrent
    /// settlements lock the rows in the same order.
    static func addPnl(_ tx: BlockingTransaction, _ pnlByUser: [UUID: Int], now: Date) throws {
        let sorted = pnlByUser.filter { $0.value != 0 }.sorted { $0.key.uuidString < $1.key.uuidString }
        guard !sorted.isEmpty else { return }
        let ids = sorted.map(\.key)
        let amounts = sorted.map { Int64($0.value) }
        let week = StatsWeek.start(of: now)
        try tx.execute(
            """
            WITH delta AS (SELECT * FROM unnest(\(ids)::uuid[], \(amounts)::bigint[]) AS d(user_id, pnl) ORDER BY user_id),
            weekly AS (
                INSERT INTO user_stats_weekly (user_id, week_start, pnl, volume) SELECT user_id, \(week)::date, pnl, 0 FROM delta
                ON CONFLICT (user_id, week_start) DO UPDATE SET pnl = user_stats_weekly.pnl + excluded.pnl
            )
            INSERT INTO user_stats (user_id, pnl, volume, updated_at) SELECT user_id, pnl, 0, \(now) FROM delta
            ON CONFLICT (user_id) DO UPDATE SET pnl = user_stats.pnl + excluded.pnl, updated_at = excluded.updated_at
            """
        )
    }
}
