import Foundation
import Store

/// `discipline-stats-rollup` in two set-based statements (never one query per user): record the
/// result of every shot whose bet has closed, then upsert every user's counts.
public struct DisciplineRollup: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Forgets the recorded result of the shots of `betIds`, in a settlement's transaction that
    /// changed how those bets ended (a cancel settling sold bets, an unresolve reopening bets): the
    /// next run records them again as they end now.
    static func reopen(_ tx: BlockingTransaction, betIds: [UUID]) throws {
        try tx.execute(
            """
            UPDATE discipline_shots SET closed_at = NULL, exit_price_micros = NULL, realized_pnl = NULL, stop_loss_result = NULL,
                                        profit_target_result = NULL
            WHERE bet_id = ANY(\(betIds)::uuid[]) AND closed_at IS NOT NULL
            """
        )
    }

    /// Returns (shots newly closed, users whose counts were written).
    public func run(now: Date) async throws -> (closed: Int, users: Int) {
        try await pool.blockingTransaction(isolation: .repeatableRead) { tx in
            // The rules are `DisciplineRules`: exit price (sold: average sell price; won 1; lost 0;
            // settled: its outcome's MKT probability; refunded none); honored when the exit is at or
            // above the plan's price.
            let closed = try tx.execute(
                """
                WITH closing AS (
                    SELECT s.id, coalesce(b.settled_at, \(now)) AS closed_at, b.proceeds + b.payout - b.amount AS pnl,
                           a.stop_loss_micros, a.profit_target_micros,
                           CASE b.status WHEN 'won' THEN 1000000 WHEN 'lost' THEN 0
                                         WHEN 'sold' THEN (b.proceeds::numeric * 1000000000000 / b.bought_micros)::int
                                         WHEN 'settled' THEN (SELECT CASE WHEN o.idx = 0 THEN m.resolution_micros ELSE 1000000 - m.resolution_micros END
                                                              FROM markets m JOIN market_outcomes o ON o.market_id = m.id
                                                              WHERE m.id = b.market_id AND o.name = b.outcome) END AS exit
                    FROM discipline_shots s JOIN bets b ON b.id = s.bet_id JOIN discipline_aims a ON a.id = s.aim_id
                    WHERE s.closed_at IS NULL AND b.status IN ('sold', 'won', 'lost', 'settled', 'refunded')
                )
                UPDATE discipline_shots s SET closed_at = c.closed_at, exit_price_micros = c.exit, realized_pnl = c.pnl,
                    stop_loss_result = CASE WHEN c.stop_loss_micros IS NULL OR c.exit IS NULL THEN 'none'
                                            WHEN c.exit >= c.stop_loss_micros THEN 'honored' ELSE 'ignored' END,
                    profit_target_result = CASE WHEN c.profit_target_micros IS NULL OR c.exit IS NULL THEN 'none'
                                                WHEN c.exit >= c.profit_target_micros THEN 'honored' ELSE 'ignored' END
                FROM closing c WHERE s.id = c.id
                """
            )
            let users = try tx.execute(
                """
                WITH losses AS (
                    SELECT a.target_id, s.closed_at,
                           sum(-s.realized_pnl) OVER (PARTITION BY a.target_id ORDER BY s.closed_at, s.id) AS loss
                    FROM discipline_shots s JOIN discipline_aims a ON a.id = s.aim_id
                    WHERE s.closed_at IS NOT NULL
                ), fired AS (
                    SELECT t.id, t.user_id, min(l.closed_at) AS fired_at
                    FROM discipline_targets t JOIN losses l ON l.target_id = t.id AND l.loss >= t.abort_loss_credits
                    WHERE t.abort_loss_credits > 0
                    GROUP BY t.id, t.user_id
                ), aborts AS (
                    SELECT f.user_id,
                           count(*) FILTER (WHERE NOT EXISTS (
                               SELECT 1 FROM discipline_shots s JOIN discipline_aims a ON a.id = s.aim_id
                               WHERE a.target_id = f.id AND s.created_at > f.fired_at)) AS honored,
                           count(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM discipline_shots s JOIN discipline_aims a ON a.id = s.aim_id
                               WHERE a.target_id = f.id AND s.created_at > f.fired_at)) AS ignored
                    FROM fired f GROUP BY f.user_id
                ), shots AS (
                    SELECT user_id, count(*) AS total,
                           count(*) FILTER (WHERE stop_loss_result = 'honored') AS sl_h, count(*) FILTER (WHERE stop_loss_result = 'ignored') AS sl_i,
                           count(*) FILTER (WHERE profit_target_result = 'honored') AS pt_h, count(*) FILTER (WHERE profit_target_result = 'ignored') AS pt_i
                    FROM discipline_shots GROUP BY user_id
                ), everyone AS (
                    SELECT user_id FROM discipline_targets UNION SELECT user_id FROM discipline_shots
                )
                INSERT INTO discipline_stats (user_id, total_shots, stop_loss_honored, stop_loss_ignored, profit_target_honored,
                                              profit_target_ignored, abort_honored, abort_ignored, updated_at)
                SELECT e.user_id, coalesce(s.total, 0), coalesce(s.sl_h, 0), coalesce(s.sl_i, 0), coalesce(s.pt_h, 0), coalesce(s.pt_i, 0),
                       coalesce(a.honored, 0), coalesce(a.ignored, 0), \(now)
                FROM everyone e LEFT JOIN shots s ON s.user_id = e.user_id LEFT JOIN aborts a ON a.user_id = e.user_id
                ON CONFLICT (user_id) DO UPDATE SET total_shots = excluded.total_shots, stop_loss_honored = excluded.stop_loss_honored,
                    stop_loss_ignored = excluded.stop_loss_ignored, profit_target_honored = excluded.profit_target_honored,
                    profit_target_ignored = excluded.profit_target_ignored, abort_honored = excluded.abort_honored,
                    abort_ignored = excluded.abort_ignored, updated_at = excluded.updated_at
                """
            )
            return (closed, users)
        }
    }
}
