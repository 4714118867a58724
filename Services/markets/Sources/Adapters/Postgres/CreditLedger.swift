import Foundation
import Store

/// Every credit movement: the balance change and its `credit_transactions` row, in the caller's
/// transaction. The user row is locked by the UPDATE, so concurrent movements of one user queue.
///
/// A balance is negative only after a settlement's claw-back (`settle`): that is a debt. Nothing
/// can be spent while it lasts, and every credit that comes in pays it off first.
public enum CreditLedger {
    /// Adds `amount` (negative to take) and records it; returns the balance after. Taking more than
    /// the balance is `nil` and changes nothing (the caller refuses with its own error); adding is
    /// always done, also to a balance in debt.
    public static func move(
        _ tx: BlockingTransaction,
        userId: UUID,
        amount: Int,
        type: String,
        reference: String,
        now: Date
    ) throws -> Int? {
        try write(
            tx,
            userId: userId,
            amount: amount,
            type: type,
            reference: reference,
            now: now,
            condition: "(\(amount) >= 0 OR credits + \(amount) >= 0)"
        )
    }

    /// Adds `amount` whatever the balance, for a settlement that takes back what it must (a
    /// cancelled market's profit, an undone payout): when the user has spent it, the balance goes
    /// below zero by the rest — a debt in the ledger, never credits created. Nil when the user is missing.
    static func settle(_ tx: BlockingTransaction, userId: UUID, amount: Int, type: String, reference: String, now: Date) throws -> Int? {
        try write(tx, userId: userId, amount: amount, type: type, reference: reference, now: now, condition: "true")
    }

    /// A debit of `amount` credits (positive) as two data-modifying CTEs, `moved` and `entry`, for a
    /// statement that writes the rest of a purchase: `moved` holds the balance after, or no row
    /// when the balance is short or the user is missing — and then the statement's other writes,
    /// each selecting from `moved`, write nothing either.
    static func debitCTEs(userId: UUID, amount: Int, type: String, reference: String, now: Date) -> SQL {
        ctes(userId: userId, amount: -amount, type: type, reference: reference, now: now, condition: "credits - \(amount) >= 0")
    }

    private static func write(
        _ tx: BlockingTransaction,
        userId: UUID,
        amount: Int,
        type: String,
        reference: String,
        now: Date,
        condition: SQL
    ) throws -> Int? {
        let movement = ctes(userId: userId, amount: amount, type: type, reference: reference, now: now, condition: condition)
        let rows = try tx.query("WITH \(movement) SELECT credits FROM moved")
        return try rows.first?.decode("credits", as: Int.self)
    }

    private static func ctes(userId: UUID, amount: Int, type: String, reference: String, now: Date, condition: SQL) -> SQL {
        """
        moved AS (
            UPDATE users SET credits = credits + \(amount), updated_at = \(now)
            WHERE id = \(userId) AND \(condition)
            RETURNING credits
        ), entry AS (
            INSERT INTO credit_transactions (user_id, type, amount, balance_after, reference, created_at)
            SELECT \(userId), \(type), \(amount), credits, \(reference), \(now) FROM moved
        )
        """
    }
}
