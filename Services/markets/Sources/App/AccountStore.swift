import Bus
import Foundation
import ServiceKit
import Store

/// Users: creation with the signup bonus, lookups and profile changes.
public struct AccountStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    static let columns: SQL = """
        id, email, username, credits, roles, coalesce(avatar_url, '') AS avatar_url, coalesce(bio, '') AS bio, referral_code, created_at,
        tier, tier_source, tier_expires_at
        """

    /// Creates the user and credits the signup bonus (a ledger row), and the referral bonuses when
    /// a referral code was given, in one transaction.
    public func create(_ input: SignupInput, passwordHash: String, signupCredits: Int, now: Date) async throws -> UserRecord {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            let id = UUID.random()
            let referral = AccountRules.newReferralCode(using: &generator)
            do {
                return try await pool.blockingTransaction { tx in
                    var referrer: UUID?
                    if let code = input.referralCode {
                        let rows = try tx.query("SELECT id FROM users WHERE referral_code = \(code)")
                        guard let row = rows.first else { throw AccountError.invalid("referralCode", "no user has this referral code") }
                        referrer = try row.decode("id")
                    }
                    try tx.execute(
                        """
                        INSERT INTO users (id, email, username, password_hash, referral_code, referred_by, created_at, updated_at)
                        VALUES (\(id), \(input.email), \(input.username), \(passwordHash), \(referral), \(referrer), \(now), \(now))
                        """
                    )
                    _ = try CreditLedger.move(tx, userId: id, amount: signupCredits, type: "signup_bonus", reference: "signup", now: now)
                    if let referrer { try ReferralStore.pay(tx, referrer: referrer, referred: id, now: now) }
                    let rows = try tx.query("SELECT \(Self.columns) FROM users WHERE id = \(id)")
                    return try Self.record(rows[0])
                }
            } catch let error as StoreError where error.kind == .uniqueViolation {
                switch error.constraint {
                case "users_email": throw AccountError.emailTaken
                case "users_username": throw AccountError.usernameTaken
                default: continue  // a referral code collision: draw another
                }
            }
        }
        throw StoreError(kind: .other, message: "no free referral code after 10 attempts")
    }

    /// The user and password hash of an email (lowercased), nil when unknown.
    public func credentials(email: String) async throws -> (UserRecord, passwordHash: String?)? {
        let rows = try await pool.query("SELECT \(Self.columns), password_hash FROM users WHERE lower(email) = \(email)")
        guard let row = rows.first else { return nil }
        return (try Self.record(row), try row.decodeIfPresent("password_hash"))
    }

    public func user(_ id: UUID) async throws -> UserRecord {
        let rows = try await pool.query("SELECT \(Self.columns) FROM users WHERE id = \(id)")
        guard let row = rows.first else { throw AccountError.userNotFound(id.lowercasedString) }
        return try Self.record(row)
    }

    public func update(_ id: UUID, _ change: ProfileUpdate, now: Date) async throws -> UserRecord {
        do {
            let rows = try await pool.query(
                """
                UPDATE users SET username = coalesce(\(change.username)::text, username),
                                 avatar_url = CASE WHEN \(change.avatarURL)::text IS NULL THEN avatar_url ELSE nullif(\(change.avatarURL)::text, '') END,
                                 bio = CASE WHEN \(change.bio)::text IS NULL THEN bio ELSE nullif(\(change.bio)::text, '') END,
                                 updated_at = \(now)
                WHERE id = \(id)
                RETURNING \(Self.columns)
                """
            )
            guard let row = rows.first else { throw AccountError.userNotFound(id.lowercasedString) }
            return try Self.record(row)
        } catch let error as StoreError where error.kind == .uniqueViolation {
            throw AccountError.usernameTaken
        }
    }

    static func record(_ row: Row) throws -> UserRecord {
        UserRecord(
            id: try row.decode("id"),
            email: try row.decode("email"),
            username: try row.decode("username"),
            credits: try row.decode("credits"),
            roles: try row.decode("roles"),
            avatarURL: try row.decode("avatar_url"),
            bio: try row.decode("bio"),
            referralCode: try row.decode("referral_code"),
            createdAt: try row.decode("created_at"),
            tier: Tier(rawValue: try row.decode("tier")) ?? .free,
            tierSource: try row.decode("tier_source"),
            tierExpiresAt: try row.decodeIfPresent("tier_expires_at")
        )
    }
}
