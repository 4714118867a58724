import Contracts
import Foundation
import ServiceKit
import Store

/// The leaderboards, read from `user_stats` / `user_stats_weekly`, which every bet, sell and
/// settlement keeps current in its own transaction (no refresh job needed).
///
/// Ranking is competition ranking: rank = 1 + the number of users with a strictly greater value
/// (ties share a rank, the next rank skips: 1, 2, 2, 4); tied users are listed by user id. `MyRanks`
/// uses the same definition, so a user's rank there matches their line on the board. Only users
/// who have bet (in the period) are on a board; one who has not counts as 0.
public struct LeaderboardStore: Sendable {
    /// Which figure a board ranks by.
    public enum Board: String, Sendable {
        case pnl, volume
    }

    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The top `query.limit` of `board`, as of now (`stale_seconds` 0; a cached copy states its own
    /// age). The index on (value DESC, user_id) gives the top rows directly; ranking them alone is
    /// exact, since everyone better than a row is above it.
    public func top(_ board: Board, _ query: LeaderboardQuery, now: Date) async throws -> Leaderboard {
        let column = board.rawValue
        let source: SQL =
            switch query.period {
            case .all:
                "SELECT user_id, \(unsafeRaw: column) AS value FROM user_stats ORDER BY \(unsafeRaw: column) DESC, user_id LIMIT \(query.limit)"
            case .week:
                """
                SELECT user_id, \(unsafeRaw: column) AS value FROM user_stats_weekly WHERE week_start = \(StatsWeek.start(of: now))::date
                ORDER BY \(unsafeRaw: column) DESC, user_id LIMIT \(query.limit)
                """
            }
        let rows = try await pool.query(
            """
            SELECT rank() OVER (ORDER BY t.value DESC) AS rank, t.user_id, u.username, t.value
            FROM (\(source)) t JOIN users u ON u.id = t.user_id
            ORDER BY t.value DESC, t.user_id
            """
        )
        let entries = try rows.map { row in
            LeaderboardEntry(
                rank: Int32(try row.decode("rank", as: Int64.self)),
                userId: BetStore.text(try row.decode("user_id")),
                username: try row.decode("username"),
                value: Self.clamped(try row.decode("value"))
            )
        }
        return Leaderboard(board: column, period: query.period.rawValue, entries: entries, refreshedAt: Timestamps.format(now), staleSeconds: 0)
    }

    /// The user's value and rank on both boards of `period`.
    public func ranks(userId: UUID, period: LeaderboardQuery.Period, now: Date) async throws -> MyRanks {
        let table: SQL =
            switch period {
            case .all: "(SELECT user_id, pnl, volume FROM user_stats)"
            case .week: "(SELECT user_id, pnl, volume FROM user_stats_weekly WHERE week_start = \(StatsWeek.start(of: now))::date)"
            }
        let rows = try await pool.query(
            """
            WITH me AS (
                SELECT coalesce((SELECT pnl FROM \(table) s WHERE s.user_id = \(userId)), 0) AS pnl,
                       coalesce((SELECT volume FROM \(table) s WHERE s.user_id = \(userId)), 0) AS volume
            )
            SELECT me.pnl, me.volume,
                   1 + (SELECT count(*) FROM \(table) s WHERE s.pnl > me.pnl) AS pnl_rank,
                   1 + (SELECT count(*) FROM \(table) s WHERE s.volume > me.volume) AS volume_rank
            FROM me
            """
        )
        let row = rows[0]
        return MyRanks(
            period: period.rawValue,
            pnl: Rank(rank: Int32(try row.decode("pnl_rank", as: Int64.self)), value: Self.clamped(try row.decode("pnl"))),
            volume: Rank(rank: Int32(try row.decode("volume_rank", as: Int64.self)), value: Self.clamped(try row.decode("volume")))
        )
    }

    /// Figures are bigint in the database and int32 on the wire; a figure beyond ±2^31 (not reachable
    /// with credits capped far below it) shows as the bound rather than wrapping.
    static func clamped(_ value: Int64) -> Int32 {
        Int32(clamping: value)
    }
}
