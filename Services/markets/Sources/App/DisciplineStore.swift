import Bus
import Contracts
import Foundation
import ServiceKit
import Store

/// Targets, aims and shots of one owner (another user's rows are simply not found).
public struct DisciplineStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    // MARK: targets

    public func createTarget(user: UUID, title: String, goal: String, abortLoss: Int, now: Date) async throws -> Target {
        let id = UUID.random()
        do {
            try await pool.execute(
                """
                INSERT INTO discipline_targets (id, user_id, title, goal, abort_loss_credits, created_at, updated_at)
                VALUES (\(id), \(user), \(title), \(goal), \(abortLoss), \(now), \(now))
                """
            )
        } catch let error as StoreError where error.kind == .foreignKeyViolation {
            // A valid token whose account is gone (or never signed up here).
            throw AccountError.userNotFound(user.lowercasedString)
        }
        return try await target(user: user, id: id)
    }

    public func updateTarget(user: UUID, id: UUID, title: String, goal: String, abortLoss: Int, now: Date) async throws -> Target {
        let changed = try await pool.execute(
            """
            UPDATE discipline_targets SET title = \(title), goal = \(goal), abort_loss_credits = \(abortLoss), updated_at = \(now)
            WHERE id = \(id) AND user_id = \(user)
            """
        )
        guard changed == 1 else { throw DisciplineError.notFound("target \(id.lowercasedString)") }
        return try await target(user: user, id: id)
    }

    public func target(user: UUID, id: UUID) async throws -> Target {
        let rows = try await pool.query(
            """
            SELECT id, title, goal, abort_loss_credits, created_at FROM discipline_targets WHERE id = \(id) AND user_id = \(user)
            """
        )
        guard let row = rows.first else { throw DisciplineError.notFound("target \(id.lowercasedString)") }
        return try Self.target(row)
    }

    public func targets(user: UUID) async throws -> [Target] {
        try await pool.query(
            """
            SELECT id, title, goal, abort_loss_credits, created_at FROM discipline_targets WHERE user_id = \(user) ORDER BY created_at, id
            """
        ).map(Self.target)
    }

    /// Deletes the target with its aims and shots (the bets stay).
    public func deleteTarget(user: UUID, id: UUID) async throws {
        guard try await pool.execute("DELETE FROM discipline_targets WHERE id = \(id) AND user_id = \(user)") == 1 else {
            throw DisciplineError.notFound("target \(id.lowercasedString)")
        }
    }

    // MARK: aims

    public func createAim(
        user: UUID,
        target: UUID,
        market: UUID,
        outcome: String,
        stopLoss: Int?,
        profitTarget: Int?,
        note: String,
        now: Date
    ) async throws -> Aim {
        _ = try await self.target(user: user, id: target)
        let outcomes = try await pool.query("SELECT name FROM market_outcomes WHERE market_id = \(market) ORDER BY idx")
        guard !outcomes.isEmpty else { throw DisciplineError.invalid([Violation("marketId", "no such market")]) }
        let names = try outcomes.map { try $0.decode("name", as: String.self) }
        guard let name = names.first(where: { $0.caseInsensitiveCompare(outcome) == .orderedSame }) else {
            throw DisciplineError.invalid([Violation("outcome", "must be one of \(names.joined(separator: ", "))")])
        }
        let id = UUID.random()
        try await pool.execute(
            """
            INSERT INTO discipline_aims (id, target_id, user_id, market_id, outcome, stop_loss_micros, profit_target_micros, note, created_at)
            VALUES (\(id), \(target), \(user), \(market), \(name), \(stopLoss), \(profitTarget), \(note), \(now))
            """
        )
        return try await aims(user: user, target: target).first { $0.id == id.lowercasedString }!
    }

    public func aims(user: UUID, target: UUID) async throws -> [Aim] {
        _ = try await self.target(user: user, id: target)
        return try await pool.query(
            """
            SELECT id, target_id, market_id, outcome, stop_loss_micros, profit_target_micros, note, created_at
            FROM discipline_aims WHERE target_id = \(target) AND user_id = \(user) ORDER BY created_at, id
            """
        ).map(Self.aim)
    }

    public func deleteAim(user: UUID, id: UUID) async throws {
        guard try await pool.execute("DELETE FROM discipline_aims WHERE id = \(id) AND user_id = \(user)") == 1 else {
            throw DisciplineError.notFound("aim \(id.lowercasedString)")
        }
    }

    // MARK: shots

    /// Files one of the user's bets under one of their aims: same market and outcome, once.
    public func createShot(user: UUID, aim: UUID, bet: UUID, now: Date) async throws -> Shot {
        guard let aimRow = try await pool.query("SELECT market_id, outcome FROM discipline_aims WHERE id = \(aim) AND user_id = \(user)").first else {
            throw DisciplineError.notFound("aim \(aim.lowercasedString)")
        }
        guard let betRow = try await pool.query("SELECT market_id, outcome FROM bets WHERE id = \(bet) AND user_id = \(user)").first else {
            throw DisciplineError.notFound("bet \(bet.lowercasedString)")
        }
        guard try betRow.decode("market_id", as: UUID.self) == aimRow.decode("market_id", as: UUID.self),
            try betRow.decode("outcome", as: String.self) == aimRow.decode("outcome", as: String.self)
        else {
            throw DisciplineError.invalid([Violation("betId", "must be a bet on the aim's market and outcome")])
        }
        let id = UUID.random()
        do {
            try await pool.execute(
                """
                INSERT INTO discipline_shots (id, aim_id, user_id, bet_id, created_at) VALUES (\(id), \(aim), \(user), \(bet), \(now))
                """
            )
        } catch let error as StoreError where error.kind == .uniqueViolation {
            throw DisciplineError.invalid([Violation("betId", "is filed as a shot already")])
        }
        return try await shots(user: user, aim: aim).first { $0.id == id.lowercasedString }!
    }

    public func shots(user: UUID, aim: UUID) async throws -> [Shot] {
        guard try await !pool.query("SELECT 1 FROM discipline_aims WHERE id = \(aim) AND user_id = \(user)").isEmpty else {
            throw DisciplineError.notFound("aim \(aim.lowercasedString)")
        }
        return try await pool.query(
            """
            SELECT id, aim_id, bet_id, closed_at, exit_price_micros, stop_loss_result, profit_target_result, created_at
            FROM discipline_shots WHERE aim_id = \(aim) ORDER BY created_at, id
            """
        ).map { row in
            let closed: Date? = try row.decodeIfPresent("closed_at")
            let exit: Int? = try row.decodeIfPresent("exit_price_micros")
            return Shot(
                id: Self.text(try row.decode("id")),
                aimId: Self.text(try row.decode("aim_id")),
                betId: Self.text(try row.decode("bet_id")),
                status: closed == nil ? "open" : "closed",
                exitPrice: exit.map(Self.price) ?? "",
                stopLoss: try row.decodeIfPresent("stop_loss_result") ?? "",
                profitTarget: try row.decodeIfPresent("profit_target_result") ?? "",
                createdAt: Timestamps.format(try row.decode("created_at"))
            )
        }
    }

    public func stats(user: UUID) async throws -> DisciplineStats {
        guard let row = try await pool.query("SELECT * FROM discipline_stats WHERE user_id = \(user)").first else { return DisciplineStats() }
        return DisciplineStats(
            totalShots: try row.decode("total_shots"),
            stopLossHonored: try row.decode("stop_loss_honored"),
            stopLossIgnored: try row.decode("stop_loss_ignored"),
            profitTargetHonored: try row.decode("profit_target_honored"),
            profitTargetIgnored: try row.decode("profit_target_ignored"),
            abortHonored: try row.decode("abort_honored"),
            abortIgnored: try row.decode("abort_ignored"),
            updatedAt: Timestamps.format(try row.decode("updated_at"))
        )
    }

    static func text(_ id: UUID) -> String { id.lowercasedString }

    /// Micros as a decimal price ("0.350000").
    static func price(_ micros: Int) -> String { MicroShares.format(Int64(micros)) }

    static func target(_ row: Row) throws -> Target {
        Target(
            id: text(try row.decode("id")),
            title: try row.decode("title"),
            goal: try row.decode("goal"),
            abortLossCredits: try row.decode("abort_loss_credits"),
            createdAt: Timestamps.format(try row.decode("created_at"))
        )
    }

    static func aim(_ row: Row) throws -> Aim {
        let stop: Int? = try row.decodeIfPresent("stop_loss_micros")
        let profit: Int? = try row.decodeIfPresent("profit_target_micros")
        return Aim(
            id: text(try row.decode("id")),
            targetId: text(try row.decode("target_id")),
            marketId: text(try row.decode("market_id")),
            outcome: try row.decode("outcome"),
            stopLoss: stop.map(price) ?? "",
            profitTarget: profit.map(price) ?? "",
            note: try row.decode("note"),
            createdAt: Timestamps.format(try row.decode("created_at"))
        )
    }
}
