import Contracts
import Foundation
import ServiceKit
import Store

/// SQL of reserve, assign, release and counts; every change and its outbox event share one transaction.
public struct CampaignCodeStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: EventTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// True when codes that would qualify exist but were locked (skipped) by other transactions.
    func lockedCandidatesExist(campaignId: String, type: CodeType, now: Date) async throws -> Bool {
        let rows = try await pool.query("""
            SELECT EXISTS (
                SELECT 1 FROM codes WHERE campaign_id = \(campaignId) AND type = \(type.rawValue)
                  AND (state = 'available'
                       OR (state = 'reserved' AND reserved_at < \(ReservationPolicy.expiryCutoff(now: now))))
            ) AS found
            """)
        return try rows.first?.decode("found", as: Bool.self) ?? false
    }

    /// Reads and locks the listed codes of the campaign and type, in code order (no deadlocks
    /// between two requests that share codes).
    func lockCodes(_ codes: [String], campaignId: String, type: CodeType, _ tx: Transaction) async throws -> [String: StoredCode] {
        let rows = try await tx.query("""
            SELECT code, state, reserved_at FROM codes
            WHERE campaign_id = \(campaignId) AND type = \(type.rawValue) AND code = ANY(\(Array(Set(codes)))::text[])
            ORDER BY code FOR UPDATE
            """)
        var stored: [String: StoredCode] = [:]
        for row in rows {
            let code = try row.decode("code", as: String.self)
            guard let state = CodeState(rawValue: try row.decode("state", as: String.self)) else {
                throw StoreError(kind: .decoding, message: "unknown code state")
            }
            stored[code] = StoredCode(code: code, state: state, reservedAt: try row.decodeIfPresent("reserved_at", as: Date.self))
        }
        return stored
    }
}
