import Contracts
import Crypto
import Foundation
import ServiceKit
import Store

/// Stores, their API keys (kept as SHA-256: the keys are 256-bit random, so a fast hash is
/// enough; a slow KDF protects guessable passwords) and their Telegram cashiers.
public struct StoreDirectory: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// A new store with a fresh key; the key is in this answer only.
    public func create(name: String, now: Date) async throws -> StoreInfo {
        let key = Self.newKey()
        let rows = try await pool.query(
            """
            INSERT INTO stores (name, api_key_hash, created_at) VALUES (\(name), \(Self.hash(key)), \(now)) RETURNING id
            """
        )
        return StoreInfo(id: try rows[0].decode("id"), name: name, apiKey: key, createdAt: Timestamps.format(now))
    }

    /// Every store (without keys) with its number of cashiers.
    public func list() async throws -> [StoreInfo] {
        let rows = try await pool.query(
            """
            SELECT s.id, s.name, s.created_at, count(c.telegram_id)::int AS cashiers
            FROM stores s LEFT JOIN store_cashiers c ON c.store_id = s.id
            GROUP BY s.id ORDER BY s.id
            """
        )
        return try rows.map { row in
            StoreInfo(
                id: try row.decode("id"),
                name: try row.decode("name"),
                createdAt: Timestamps.format(try row.decode("created_at")),
                cashiers: try row.decode("cashiers")
            )
        }
    }

    /// Makes a Telegram user a cashier of the store (again is fine), or `storeNotFound`.
    public func addCashier(storeId: Int32, telegramId: Int64, now: Date) async throws -> Cashier {
        do {
            let rows = try await pool.query(
                """
                INSERT INTO store_cashiers (store_id, telegram_id, created_at) VALUES (\(storeId), \(telegramId), \(now))
                ON CONFLICT (store_id, telegram_id) DO UPDATE SET store_id = excluded.store_id
                RETURNING created_at
                """
            )
            return Cashier(storeId: storeId, telegramId: telegramId, createdAt: Timestamps.format(try rows[0].decode("created_at")))
        } catch let error as StoreError where error.kind == .foreignKeyViolation {
            throw LoyaltyError.storeNotFound(storeId)
        }
    }

    /// The store holding this key, nil for an unknown key.
    public func authenticate(apiKey: String) async throws -> AuthenticatedStore? {
        let rows = try await pool.query("SELECT id, name FROM stores WHERE api_key_hash = \(Self.hash(apiKey))")
        guard let row = rows.first else { return nil }
        return AuthenticatedStore(storeId: try row.decode("id"), name: try row.decode("name"))
    }

    /// Whether the Telegram user is a cashier of `storeId` (any store when nil).
    public func isCashier(telegramId: Int64, storeId: Int32?) async throws -> Bool {
        let rows: QueryResult
        if let storeId {
            rows = try await pool.query("SELECT 1 FROM store_cashiers WHERE telegram_id = \(telegramId) AND store_id = \(storeId)")
        } else {
            rows = try await pool.query("SELECT 1 FROM store_cashiers WHERE telegram_id = \(telegramId) LIMIT 1")
        }
        return !rows.isEmpty
    }

    /// The store's cashiers, oldest first, or `storeNotFound`.
    public func cashiers(storeId: Int32) async throws -> [Cashier] {
        let rows = try await pool.query(
            """
            SELECT s.id, c.telegram_id, c.created_at
            FROM stores s LEFT JOIN store_cashiers c ON c.store_id = s.id
            WHERE s.id = \(storeId)
            ORDER BY c.created_at, c.telegram_id
            """
        )
        guard !rows.isEmpty else { throw LoyaltyError.storeNotFound(storeId) }
        return try rows.compactMap { row in
            guard let telegramId: Int64 = try row.decodeIfPresent("telegram_id") else { return nil }
            return Cashier(storeId: storeId, telegramId: telegramId, createdAt: Timestamps.format(try row.decode("created_at")))
        }
    }

    /// The Telegram user is no longer a cashier of the store, or `cashierNotFound`. Access is read
    /// from the table on every call (nothing caches it), so their next cashier call is refused.
    public func removeCashier(storeId: Int32, telegramId: Int64) async throws {
        let rows = try await pool.query(
            "DELETE FROM store_cashiers WHERE store_id = \(storeId) AND telegram_id = \(telegramId) RETURNING telegram_id"
        )
        guard !rows.isEmpty else { throw LoyaltyError.cashierNotFound(storeId: storeId, telegramId: telegramId) }
    }

    /// The stores `caller` may act for at a till: an admin every store, a store key its own, a
    /// Telegram user those where they are a cashier (maybe none); nobody else any.
    public func tillStores(for caller: Caller) async throws -> [SessionStore] {
        let rows: QueryResult
        switch caller {
        case .admin:
            rows = try await pool.query("SELECT id, name FROM stores ORDER BY id")
        case .store(let id):
            rows = try await pool.query("SELECT id, name FROM stores WHERE id = \(id)")
        case .telegram(let id, _):
            rows = try await pool.query(
                """
                SELECT s.id, s.name FROM stores s JOIN store_cashiers c ON c.store_id = s.id
                WHERE c.telegram_id = \(id) ORDER BY s.id
                """
            )
        case .service, .anonymous:
            return []
        }
        return try rows.map { SessionStore(id: try $0.decode("id"), name: try $0.decode("name")) }
    }

    /// Whether the store exists.
    public func exists(_ storeId: Int32) async throws -> Bool {
        try await !pool.query("SELECT 1 FROM stores WHERE id = \(storeId)").isEmpty
    }

    /// `sk_` + 32 random bytes in hex.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "sk_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(_ key: String) -> Data {
        Data(SHA256.hash(data: Data(key.utf8)))
    }
}
