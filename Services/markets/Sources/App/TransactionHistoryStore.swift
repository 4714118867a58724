import Contracts
import Foundation
import ServiceKit
import Store

/// A user's credit ledger, newest first.
public struct TransactionHistoryStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// One page below the cursor id (`credit_transactions_user` serves it).
    public func transactions(userId: UUID, _ query: TransactionListQuery) async throws -> TransactionPage {
        let type: SQL = query.type.map { (type: String) -> SQL in "AND type = \(type)" } ?? ""
        let before: SQL = query.beforeId.map { (id: Int64) -> SQL in "AND id < \(id)" } ?? ""
        let rows = try await pool.query(
            """
            SELECT id, type, amount, balance_after, reference, created_at FROM credit_transactions
            WHERE user_id = \(userId) \(type) \(before) ORDER BY id DESC LIMIT \(query.limit + 1)
            """
        )
        let page = try rows.prefix(query.limit).map { row in
            CreditTransaction(
                id: String(try row.decode("id", as: Int64.self)),
                type: try row.decode("type"),
                amount: try row.decode("amount"),
                balanceAfter: try row.decode("balance_after"),
                reference: try row.decode("reference"),
                createdAt: Timestamps.format(try row.decode("created_at"))
            )
        }
        return TransactionPage(transactions: page, nextCursor: rows.count > query.limit ? page.last?.id ?? "" : "")
    }
}
