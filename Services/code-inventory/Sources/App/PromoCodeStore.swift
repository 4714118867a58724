import Contracts
import Foundation
import ServiceKit
import Store

/// SQL of promo codes: create (with its `promo_code_created` event), read, list, redeem (in `+Redeem`) and the cleanup job (in `+Cleanup`).
public struct PromoCodeStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: EventTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    static let columns: SQL = """
        code, benefit_credits, benefit_tier, benefit_days, max_redemptions, redemptions,
        valid_from, valid_until, active, created_at
        """

    /// Stores a new code; an existing code is `promoCodeExists`.
    public func create(_ promo: NewPromoCode, createdBy: String, now: Date) async throws -> PromoCodeRecord {
        var credits: Int?
        var tier: String?
        var days: Int?
        switch promo.benefit {
        case .credits(let value): credits = value
        case .tier(let name, let length):
            tier = name
            days = length
        }
        let (benefitCredits, benefitTier, benefitDays) = (credits, tier, days)
        do {
            return try await pool.transaction { tx in
                let rows = try await tx.query(
                    """
                    INSERT INTO promo_codes (code, benefit_credits, benefit_tier, benefit_days, max_redemptions,
                                             valid_from, valid_until, created_by, created_at)
                    VALUES (\(promo.code), \(benefitCredits), \(benefitTier), \(benefitDays), \(promo.maxRedemptions),
                            \(promo.validFrom), \(promo.validUntil), \(createdBy), \(now))
                    RETURNING \(Self.columns)
                    """
                )
                let record = try Self.record(rows[0])
                let event = PromoCodeCreated(promoCode: PromoMessages.promoCode(record))
                try await outbox.enqueue(tx, topic: topics.promoCodeCreated, payload: try event.serializedBytes())
                return record
            }
        } catch let error as StoreError where error.kind == .uniqueViolation {
            throw CodeInventoryError.promoCodeExists(promo.code)
        }
    }

    /// The code, or `promoCodeNotFound`.
    public func get(_ code: String) async throws -> PromoCodeRecord {
        let rows = try await pool.query("SELECT \(Self.columns) FROM promo_codes WHERE code = \(code)")
        guard let row = rows.first else { throw CodeInventoryError.promoCodeNotFound(code) }
        return try Self.record(row)
    }

    /// A page of codes after `after` in code order; with `redeemableAt`, only codes that can be
    /// redeemed at that time (active, inside the window, not used up).
    public func list(after: String, limit: Int, redeemableAt: Date?) async throws -> [PromoCodeRecord] {
        var filter: SQL = ""
        if let now = redeemableAt {
            filter = "AND active AND valid_from <= \(now) AND valid_until > \(now) AND redemptions < max_redemptions"
        }
        let rows = try await pool.query(
            """
            SELECT \(Self.columns) FROM promo_codes WHERE code > \(after) \(filter) ORDER BY code LIMIT \(limit)
            """
        )
        return try rows.map(Self.record)
    }

    static func record(_ row: Row) throws -> PromoCodeRecord {
        let benefit: PromoBenefitValue
        if let credits = try row.decodeIfPresent("benefit_credits", as: Int.self) {
            benefit = .credits(credits)
        } else {
            benefit = .tier(try row.decode("benefit_tier"), days: try row.decode("benefit_days"))
        }
        return PromoCodeRecord(
            code: try row.decode("code"),
            benefit: benefit,
            maxRedemptions: try row.decode("max_redemptions"),
            redemptions: try row.decode("redemptions"),
            validFrom: try row.decode("valid_from"),
            validUntil: try row.decode("valid_until"),
            active: try row.decode("active"),
            createdAt: try row.decode("created_at")
        )
    }
}
