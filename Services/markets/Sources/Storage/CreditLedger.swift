import Foundation
import Store

/// Every credit movement: the balance change and its `credit_transactions` row, in the caller's
/// transaction. The user row is locked by the UPDATE, so concurrent movements of one user queue.
public enum CreditLedger {
    /// Adds `amount` (negative to take) and records it; returns the balance after. Taking more than
    /// the balance is `nil` and changes nothing (the caller refuses with its own error).
    public static func move(_ tx: BlockingTransaction, userId: UUID, amount: Int, type: String, reference: String,
                            now: Date) throws -> Int? {
        let rows = try tx.query("""
            WITH moved AS (
                UPDATE users SET credits = credits + \(amount), updated_at = \(now)
                WHERE id = \(userId) AND credits + \(amount) >= 0
                RETURNING credits
            ), entry AS (
                INSERT INTO credit_transactions (user_id, type, amount, balance_after, reference, created_at)
                SELECT \(userId), \(type), \(amount), credits, \(reference), \(now) FROM moved
            )
            SELECT credits FROM moved
            """)
        return try rows.first?.decode("credits", as: Int.self)
    }
}
