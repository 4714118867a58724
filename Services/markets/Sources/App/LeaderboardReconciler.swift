import Foundation
import Store

/// Recomputes the leaderboard figures from the ledger (the record of every credit that moved)
/// and corrects the rows that differ; normally none do, since the figures are kept in the same
/// transactions as the ledger rows they count.
public struct LeaderboardReconciler: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Rows corrected (inserted, changed or removed) in `user_stats` and `user_stats_weekly`.
    ///
    /// REPEATABLE READ: the ledger and the stats are read from one snapshot, in which they agree
    /// for every committed bet; a stats row changed by a bet committing meanwhile makes the update
    /// fail with a serialization error and the whole run is retried, so a concurrent increment is
    /// never overwritten with an older figure.
    public func reconcile(now: Date) async throws -> (allTime: Int, weekly: Int) {
        let types = BettingLedger.all
        return try await pool.blockingTransaction(isolation: .repeatableRead, maxAttempts: 10) { tx in
            let allTime = try tx.query(
                """
                WITH expected AS (
                    SELECT user_id, sum(amount)::bigint AS pnl, (-sum(amount) FILTER (WHERE type = 'bet'))::bigint AS volume
                    FROM credit_transactions WHERE type = ANY(\(types)::text[]) GROUP BY user_id
                ), wrong AS (
                    SELECT e.user_id, e.pnl, coalesce(e.volume, 0) AS volume FROM expected e LEFT JOIN user_stats s USING (user_id)
                    WHERE s.user_id IS NULL OR s.pnl <> e.pnl OR s.volume <> coalesce(e.volume, 0)
                ), fixed AS (
                    INSERT INTO user_stats (user_id, pnl, volume, updated_at) SELECT user_id, pnl, volume, \(now) FROM wrong ORDER BY user_id
                    ON CONFLICT (user_id) DO UPDATE SET pnl = excluded.pnl, volume = excluded.volume, updated_at = excluded.updated_at
                    RETURNING 1
                ), removed AS (
                    DELETE FROM user_stats s WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.user_id = s.user_id) RETURNING 1
                )
                SELECT (SELECT count(*) FROM fixed) + (SELECT count(*) FROM removed) AS corrected
                """
            )
            let weekly = try tx.query(
                """
                WITH expected AS (
                    SELECT user_id, date_trunc('week', created_at AT TIME ZONE 'UTC')::date AS week_start, sum(amount)::bigint AS pnl,
                           coalesce(-sum(amount) FILTER (WHERE type = 'bet'), 0)::bigint AS volume
                    FROM credit_transactions WHERE type = ANY(\(types)::text[]) GROUP BY 1, 2
                ), wrong AS (
                    SELECT e.* FROM expected e LEFT JOIN user_stats_weekly s USING (user_id, week_start)
                    WHERE s.user_id IS NULL OR s.pnl <> e.pnl OR s.volume <> e.volume
                ), fixed AS (
                    INSERT INTO user_stats_weekly (user_id, week_start, pnl, volume) SELECT user_id, week_start, pnl, volume FROM wrong
                    ORDER BY user_id, week_start
                    ON CONFLICT (user_id, week_start) DO UPDATE SET pnl = excluded.pnl, volume = excluded.volume
                    RETURNING 1
                ), removed AS (
                    DELETE FROM user_stats_weekly s
                    WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.user_id = s.user_id AND e.week_start = s.week_start) RETURNING 1
                )
                SELECT (SELECT count(*) FROM fixed) + (SELECT count(*) FROM removed) AS corrected
                """
            )
            return (try allTime[0].decode("corrected", as: Int.self), try weekly[0].decode("corrected", as: Int.self))
        }
    }
}
