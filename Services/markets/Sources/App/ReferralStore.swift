import Contracts
import Foundation
import ServiceKit
import Store

/// Referral bonuses (paid at signup, once per new user) and the referrer's summary.
public struct ReferralStore: Sendable {
    let pool: ConnectionPool
    public static let bonus = 200

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Pays the referrer and the new user, in the signup's transaction; the `referral_bonuses`
    /// key and CHECK make a second bonus for one user, or one to oneself, impossible.
    static func pay(_ tx: BlockingTransaction, referrer: UUID, referred: UUID, now: Date) throws {
        try tx.execute(
            """
            INSERT INTO referral_bonuses (referred_id, referrer_id, amount, created_at) VALUES (\(referred), \(referrer), \(bonus), \(now))
            """
        )
        let reference = "referral:\(referred.lowercasedString)"
        _ = try CreditLedger.move(tx, userId: referrer, amount: bonus, type: "referral_bonus", reference: reference, now: now)
        _ = try CreditLedger.move(tx, userId: referred, amount: bonus, type: "referral_bonus", reference: reference, now: now)
    }

    public func summary(userId: UUID) async throws -> ReferralSummary {
        let code = try await pool.query("SELECT referral_code FROM users WHERE id = \(userId)")
        guard let row = code.first else { throw EconomyError.signInRequired }
        let referred = try await pool.query(
            """
            SELECT u.username, b.created_at, b.amount FROM referral_bonuses b JOIN users u ON u.id = b.referred_id
            WHERE b.referrer_id = \(userId) ORDER BY b.created_at, u.username
            """
        )
        return ReferralSummary(
            code: try row.decode("referral_code"),
            referredUsers: try referred.map {
                ReferredUser(username: try $0.decode("username"), joinedAt: Timestamps.format(try $0.decode("created_at")))
            },
            creditsEarned: Int32(try referred.reduce(0) { $0 + (try $1.decode("amount", as: Int.self)) })
        )
    }
}
