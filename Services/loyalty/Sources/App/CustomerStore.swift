import Contracts
import Foundation
import ServiceKit
import Store

/// Customers: registration by Telegram id, the card view and the ledger history.
public struct CustomerStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The customer of this Telegram user, created with a fresh random card when new; an existing
    /// card is returned as it is (its name changes only through `rename`). Card collisions are
    /// retried; a concurrent registration of the same user returns its card.
    public func register(telegramId: Int64, name: String, now: Date) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let card = CardNumber.random(using: &generator)
            do {
                let rows = try await pool.query(
                    """
                    INSERT INTO customers (card, telegram_id, name, created_at) VALUES (\(card), \(telegramId), \(name), \(now))
                    ON CONFLICT (telegram_id) DO UPDATE SET telegram_id = customers.telegram_id
                    RETURNING card
                    """
                )
                return try rows[0].decode("card")
            } catch let error as StoreError where error.kind == .uniqueViolation && error.constraint == "customers_card_key" {
                continue
            }
        }
        throw StoreError(kind: .other, message: "no free card number after 20 attempts")
    }

    /// The card of this Telegram user, or `notRegistered`.
    public func card(telegramId: Int64) async throws -> String {
        let rows = try await pool.query("SELECT card FROM customers WHERE telegram_id = \(telegramId)")
        guard let row = rows.first else { throw LoyaltyError.notRegistered }
        return try row.decode("card")
    }

    /// Renames the card of this Telegram user; returns the card, or `notRegistered`.
    public func rename(telegramId: Int64, name: String) async throws -> String {
        let rows = try await pool.query("UPDATE customers SET name = \(name) WHERE telegram_id = \(telegramId) RETURNING card")
        guard let row = rows.first else { throw LoyaltyError.notRegistered }
        return try row.decode("card")
    }

    /// The card's owner (a Telegram id), or `customerNotFound`.
    public func owner(card: String) async throws -> Int64? {
        let rows = try await pool.query("SELECT telegram_id FROM customers WHERE card = \(card)")
        guard let row = rows.first else { throw LoyaltyError.customerNotFound(card) }
        return try row.decodeIfPresent("telegram_id")
    }

    /// The card as a cashier sees it at `now`: available balance (expired lots excluded even before
    /// the expiry job ran) and what expires within 7 days.
    public func customer(card: String, now: Date) async throws -> Customer {
        let soon = now.addingTimeInterval(TimeInterval(ExpiryPolicy.soonDays) * 86_400)
        let rows = try await pool.query(
            """
            SELECT c.card, c.name,
                   coalesce(sum(l.remaining) FILTER (WHERE l.expires_at > \(now)), 0)::int AS available,
                   coalesce(sum(l.remaining) FILTER (WHERE l.expires_at > \(now) AND l.expires_at <= \(soon)), 0)::int AS soon,
                   min(l.expires_at) FILTER (WHERE l.expires_at > \(now)) AS next_expiry
            FROM customers c LEFT JOIN lots l ON l.customer_id = c.id AND l.open
            WHERE c.card = \(card)
            GROUP BY c.id
            """
        )
        guard let row = rows.first else { throw LoyaltyError.customerNotFound(card) }
        let next: Date? = try row.decodeIfPresent("next_expiry")
        let soonPoints: Int32 = try row.decode("soon")
        return Customer(
            card: try row.decode("card"),
            name: try row.decode("name"),
            balance: try row.decode("available"),
            expiringSoon: soonPoints,
            nextExpiryAt: soonPoints > 0 ? next.map(Timestamps.format) ?? "" : ""
        )
    }

    /// The card's running totals: purchases, their amount, points earned and redeemed (net of
    /// discounts voided), the last visit.
    public func stats(card: String) async throws -> CustomerStats {
        let rows = try await pool.query(
            """
            SELECT card, purchases, spent_kopecks, points_earned, points_redeemed, last_visit_at FROM customers WHERE card = \(card)
            """
        )
        guard let row = rows.first else { throw LoyaltyError.customerNotFound(card) }
        let lastVisit: Date? = try row.decodeIfPresent("last_visit_at")
        return CustomerStats(
            card: try row.decode("card"),
            totalPurchases: try row.decode("purchases"),
            totalSpent: Kopecks.format(try row.decode("spent_kopecks")),
            pointsEarned: Int32(clamping: try row.decode("points_earned", as: Int64.self)),
            pointsRedeemed: Int32(clamping: try row.decode("points_redeemed", as: Int64.self)),
            lastVisitAt: lastVisit.map(Timestamps.format) ?? ""
        )
    }

    /// Ledger entries of the card, newest first, before entry id `before` (nil: from the newest).
    public func history(card: String, before: Int64?, limit: Int) async throws -> [LedgerEntry] {
        let rows = try await pool.query(
            """
            SELECT e.id, e.kind, e.points, e.balance_after, e.store_id, e.purchase_kopecks, e.discount_id, e.created_at
            FROM entries e JOIN customers c ON c.id = e.customer_id
            WHERE c.card = \(card) AND e.id < \(before ?? Int64.max)
            ORDER BY e.id DESC LIMIT \(limit)
            """
        )
        return try rows.map { row in
            let purchase: Int64? = try row.decodeIfPresent("purchase_kopecks")
            return LedgerEntry(
                id: try row.decode("id"),
                type: try row.decode("kind"),
                points: try row.decode("points"),
                balanceAfter: try row.decode("balance_after"),
                storeId: try row.decodeIfPresent("store_id") ?? 0,
                purchaseAmount: purchase.map(Kopecks.format) ?? "",
                discountId: try row.decodeIfPresent("discount_id") ?? 0,
                createdAt: Timestamps.format(try row.decode("created_at"))
            )
        }
    }

    /// Whether the card exists.
    public func exists(card: String) async throws -> Bool {
        try await !pool.query("SELECT 1 FROM customers WHERE card = \(card)").isEmpty
    }
}
