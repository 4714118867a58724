import Contracts
import Foundation
import ServiceKit
import Store

/// How bets are read: the columns and the row → `Bet` conversion.
enum BetRows {
    /// Columns for `bet(_:)`; `created_us` feeds the list cursor.
    static let columns: SQL = """
        id, market_id, outcome, amount, shares_micros, price_micros, status, payout, proceeds, created_at, settled_at,
        (extract(epoch FROM created_at) * 1000000)::bigint AS created_us
        """

    /// A bet as the API shows it: shares still held in six-digit fixed point, the execution price
    /// in credits per share (the quote used, or a CPMM buy's average).
    static func bet(_ row: Row) throws -> Bet {
        let price: Int = try row.decode("price_micros")
        let settled: Date? = try row.decodeIfPresent("settled_at")
        return Bet(
            id: try row.decode("id", as: UUID.self).lowercasedString,
            marketId: try row.decode("market_id", as: UUID.self).lowercasedString,
            outcome: try row.decode("outcome"),
            amount: try row.decode("amount"),
            shares: MicroShares.format(try row.decode("shares_micros")),
            price: Double(price) / Double(BetMath.micros),
            status: try row.decode("status"),
            payout: try row.decode("payout"),
            proceeds: try row.decode("proceeds"),
            createdAt: Timestamps.format(try row.decode("created_at")),
            settledAt: settled.map(Timestamps.format) ?? ""
        )
    }

    /// A bet just placed, as `bet(_:)` reads its row: open, nothing paid, settled never.
    static func placed(
        id: UUID,
        marketId: UUID,
        outcome: String,
        amount: Int,
        sharesMicros: Int64,
        priceMicros: Int,
        createdAt: Date,
        unfilled: Int
    ) -> Bet {
        Bet(
            id: id.lowercasedString,
            marketId: marketId.lowercasedString,
            outcome: outcome,
            amount: Int32(amount),
            shares: MicroShares.format(sharesMicros),
            price: Double(priceMicros) / Double(BetMath.micros),
            status: "open",
            payout: 0,
            proceeds: 0,
            createdAt: Timestamps.format(createdAt),
            settledAt: "",
            unfilled: Int32(unfilled)
        )
    }
}
