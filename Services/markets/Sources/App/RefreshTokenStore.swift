import Bus
import Foundation
import Store

/// Refresh tokens: issued in families, rotated on every use, a reused token revokes its family.
public struct RefreshTokenStore: Sendable {
    let pool: ConnectionPool
    let lifetime: TimeInterval

    public init(pool: ConnectionPool, lifetimeDays: Int) {
        self.pool = pool
        self.lifetime = TimeInterval(lifetimeDays) * 86_400
    }

    /// A new token of a new family (sign-in) or of `family` (rotation).
    public func issue(userId: UUID, family: UUID = UUID.random(), now: Date) async throws -> String {
        let token = TokenIssuer.newRefreshToken()
        try await pool.execute(insert(token: token, userId: userId, family: family, now: now))
        return token
    }

    /// Consumes `token` and returns its user with the next token of the family. A token used
    /// before means it leaked: the whole family is revoked (committed) and the call refused.
    public func rotate(_ token: String, now: Date) async throws -> (userId: UUID, token: String) {
        enum Outcome: Sendable {
            case rotated(UUID, String)
            case reused, invalid
        }
        let outcome = try await pool.blockingTransaction { tx -> Outcome in
            let rows = try tx.query(
                """
                SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens
                WHERE token_hash = \(TokenIssuer.hash(token)) FOR UPDATE
                """
            )
            guard let row = rows.first else { return .invalid }
            let family: UUID = try row.decode("family_id")
            if try row.decodeIfPresent("revoked_at", as: Date.self) != nil || (try row.decode("expires_at", as: Date.self)) <= now {
                return .invalid
            }
            if try row.decodeIfPresent("used_at", as: Date.self) != nil {
                try tx.execute("UPDATE refresh_tokens SET revoked_at = \(now) WHERE family_id = \(family) AND revoked_at IS NULL")
                return .reused
            }
            let userId: UUID = try row.decode("user_id")
            try tx.execute("UPDATE refresh_tokens SET used_at = \(now) WHERE id = \(try row.decode("id", as: UUID.self))")
            let next = TokenIssuer.newRefreshToken()
            try tx.execute(insert(token: next, userId: userId, family: family, now: now))
            return .rotated(userId, next)
        }
        guard case .rotated(let userId, let next) = outcome else { throw AccountError.invalidRefreshToken }
        return (userId, next)
    }

    /// Revokes the token's family; false when the token is unknown or already revoked.
    public func revoke(_ token: String, now: Date) async throws -> Bool {
        let revoked = try await pool.execute(
            """
            UPDATE refresh_tokens SET revoked_at = \(now)
            WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(TokenIssuer.hash(token)))
            """
        )
        return revoked > 0
    }

    private func insert(token: String, userId: UUID, family: UUID, now: Date) -> SQL {
        """
        INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
        VALUES (\(UUID.random()), \(userId), \(family), \(TokenIssuer.hash(token)), \(now), \(now.addingTimeInterval(lifetime)))
        """
    }
}
