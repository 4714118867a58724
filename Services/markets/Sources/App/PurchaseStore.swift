import Contracts
import Foundation
import ServiceKit
import Store

/// Credit purchases: recorded pending, settled by the provider, credited on the one transition
/// to `completed` — so a repeated settlement or a retried request never credits twice.
public struct PurchaseStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    public func begin(id: UUID, userId: UUID, package: CreditPackage, provider: String, now: Date) async throws {
        try await pool.execute(
            """
            INSERT INTO purchases (id, user_id, package_id, credits, price_cents, currency, status, provider, created_at)
            VALUES (\(id), \(userId), \(package.id), \(package.credits), \(package.priceCents), \(package.currency), 'pending', \(provider), \(now))
            """
        )
    }

    /// Completes the purchase and credits it, once; a purchase completed before is answered as it is.
    public func complete(id: UUID, providerReference: String, now: Date) async throws -> PurchaseRecord {
        try await pool.blockingTransaction { tx in
            let rows = try tx.query(
                """
                UPDATE purchases SET status = 'completed', provider_reference = \(providerReference), completed_at = \(now)
                WHERE id = \(id) AND status = 'pending'
                RETURNING user_id, credits
                """
            )
            var balance: Int32 = 0
            if let row = rows.first {
                let credited = try CreditLedger.move(
                    tx,
                    userId: try row.decode("user_id"),
                    amount: try row.decode("credits"),
                    type: "purchase",
                    reference: "purchase:\(id.lowercasedString)",
                    now: now
                )
                balance = Int32(credited ?? 0)
            }
            guard var record = try tx.query("SELECT \(Self.columns) FROM purchases WHERE id = \(id)").first.map(Self.record) else {
                throw EconomyError.unknownPackage(id.uuidString)
            }
            record.balance = balance
            return record
        }
    }

    public func fail(id: UUID) async throws {
        try await pool.execute("UPDATE purchases SET status = 'failed' WHERE id = \(id) AND status = 'pending'")
    }

    public func list(userId: UUID) async throws -> [PurchaseRecord] {
        try await pool.query("SELECT \(Self.columns) FROM purchases WHERE user_id = \(userId) ORDER BY created_at DESC LIMIT 100").map(Self.record)
    }

    static let columns: SQL =
        "id, package_id, credits, price_cents, currency, status, provider, coalesce(provider_reference, '') AS provider_reference, created_at"

    static func record(_ row: Row) throws -> PurchaseRecord {
        PurchaseRecord(
            id: (try row.decode("id", as: UUID.self)).lowercasedString,
            packageId: try row.decode("package_id"),
            credits: try row.decode("credits"),
            priceCents: try row.decode("price_cents"),
            currency: try row.decode("currency"),
            status: try row.decode("status"),
            provider: try row.decode("provider"),
            providerReference: try row.decode("provider_reference"),
            createdAt: Timestamps.format(try row.decode("created_at"))
        )
    }
}
