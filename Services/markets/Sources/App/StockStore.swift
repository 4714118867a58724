import Contracts
import Foundation
import ServiceKit
import Store

/// Virtual stocks: the catalog, trades at the current price (one transaction with the credits),
/// and portfolios.
public struct StockStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    public func list() async throws -> [Stock] {
        try await pool.query("SELECT symbol, name, price, updated_at FROM stocks ORDER BY symbol").map(Self.stock)
    }

    public func set(symbol: String, name: String, price: Int32, now: Date) async throws -> Stock {
        let rows = try await pool.query(
            """
            INSERT INTO stocks (symbol, name, price, updated_at) VALUES (\(symbol), \(name), \(price), \(now))
            ON CONFLICT (symbol) DO UPDATE SET name = excluded.name, price = excluded.price, updated_at = excluded.updated_at
            RETURNING symbol, name, price, updated_at
            """
        )
        return try Self.stock(rows[0])
    }

    /// Buys (positive `quantity`) or sells (negative) at the current price. The stock row is read
    /// FOR SHARE so a re-pricing waits for the trade; the holding row lock serializes one user's trades.
    public func trade(userId: UUID, symbol: String, quantity: Int, now: Date) async throws -> StockTradeReply {
        try await pool.blockingTransaction { tx in
            guard let stock = try tx.query("SELECT price FROM stocks WHERE symbol = \(symbol) FOR SHARE").first else {
                throw EconomyError.unknownStock(symbol)
            }
            let price: Int = try stock.decode("price")
            let total = price * abs(quantity)
            try tx.execute(
                """
                INSERT INTO holdings (user_id, symbol, quantity, cost_basis) VALUES (\(userId), \(symbol), 0, 0) ON CONFLICT DO NOTHING
                """
            )
            let holding = try tx.query("SELECT quantity, cost_basis FROM holdings WHERE user_id = \(userId) AND symbol = \(symbol) FOR UPDATE")[0]
            let held: Int = try holding.decode("quantity")
            let basis: Int = try holding.decode("cost_basis")
            let newQuantity: Int
            let newBasis: Int
            let balance: Int
            if quantity > 0 {
                guard let after = try CreditLedger.move(tx, userId: userId, amount: -total, type: "stock_buy", reference: "stock:\(symbol)", now: now)
                else {
                    throw EconomyError.insufficientCredits(needed: total)
                }
                (newQuantity, newBasis, balance) = (held + quantity, basis + total, after)
            } else {
                guard held >= -quantity else { throw EconomyError.insufficientShares(held: held) }
                // The basis leaves in proportion to the shares sold (rounded down, the rest stays with what is left).
                let released = held == -quantity ? basis : basis * (-quantity) / held
                let after = try CreditLedger.move(tx, userId: userId, amount: total, type: "stock_sell", reference: "stock:\(symbol)", now: now) ?? 0
                (newQuantity, newBasis, balance) = (held + quantity, basis - released, after)
            }
            try tx.execute(
                """
                UPDATE holdings SET quantity = \(newQuantity), cost_basis = \(newBasis) WHERE user_id = \(userId) AND symbol = \(symbol)
                """
            )
            return StockTradeReply(
                symbol: symbol,
                quantity: Int32(abs(quantity)),
                price: Int32(price),
                total: Int32(total),
                credits: Int32(balance),
                holding: Int32(newQuantity)
            )
        }
    }

    public func portfolio(userId: UUID) async throws -> Portfolio {
        let rows = try await pool.query(
            """
            SELECT h.symbol, s.name, h.quantity, s.price, h.cost_basis FROM holdings h JOIN stocks s ON s.symbol = h.symbol
            WHERE h.user_id = \(userId) AND h.quantity > 0 ORDER BY h.symbol
            """
        )
        let holdings = try rows.map { row -> Holding in
            let quantity: Int = try row.decode("quantity")
            let price: Int = try row.decode("price")
            let basis: Int = try row.decode("cost_basis")
            return Holding(
                symbol: try row.decode("symbol"),
                name: try row.decode("name"),
                quantity: Int32(quantity),
                price: Int32(price),
                value: Int32(quantity * price),
                costBasis: Int32(basis),
                unrealizedPnl: Int32(quantity * price - basis)
            )
        }
        let credits = try await pool.query("SELECT credits FROM users WHERE id = \(userId)").first?.decode("credits", as: Int32.self) ?? 0
        return Portfolio(holdings: holdings, totalValue: holdings.reduce(0) { $0 + $1.value }, credits: credits)
    }

    static func stock(_ row: Row) throws -> Stock {
        Stock(
            symbol: try row.decode("symbol"),
            name: try row.decode("name"),
            price: try row.decode("price"),
            updatedAt: Timestamps.format(try row.decode("updated_at"))
        )
    }
}
