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

    /// Attempts after the first when a reservation found nothing but locked candidates exist.
    static let reserveRetries = 3

    /// Reserves up to `count` codes: never-reserved ones first, then expired reservations. Rows are
    /// taken with `FOR UPDATE SKIP LOCKED`, so concurrent reservers never get the same code. When
    /// nothing was free but rows were locked by transactions still running (which may roll back),
    /// it tries again, at most `reserveRetries` times; then it is `noCodesAvailable`.
    public func reserve(_ command: ReserveCommand, now: Date) async throws -> (reserveId: UUID, codes: [String]) {
        for attempt in 0...Self.reserveRetries {
            let reserveId = UUID()
            let codes = try await pool.transaction(maxAttempts: Self.reserveRetries + 1) { tx in
                try await reserveOnce(command, reserveId: reserveId, now: now, tx)
            }
            if !codes.isEmpty { return (reserveId, codes) }
            guard attempt < Self.reserveRetries, try await lockedCandidatesExist(command, now: now) else { break }
            try await Task.sleep(for: .milliseconds(2 << attempt))
        }
        throw CodeInventoryError.noCodesAvailable(campaignId: command.campaignId, type: command.type)
    }

    private func reserveOnce(_ command: ReserveCommand, reserveId: UUID, now: Date, _ tx: Transaction) async throws -> [String] {
        let fresh = try await tx.query("""
            WITH picked AS MATERIALIZED (
                SELECT code FROM codes
                WHERE campaign_id = \(command.campaignId) AND type = \(command.type.rawValue) AND state = 'available'
                ORDER BY code LIMIT \(command.count)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE codes SET state = 'reserved', reserve_id = \(reserveId), reserved_at = \(now)
            FROM picked WHERE codes.campaign_id = \(command.campaignId) AND codes.code = picked.code
            RETURNING codes.code
            """).map { try $0.decode("code", as: String.self) }
        var expired: [String] = []
        if fresh.count < command.count {
            expired = try await tx.query("""
                WITH picked AS MATERIALIZED (
                    SELECT code FROM codes
                    WHERE campaign_id = \(command.campaignId) AND type = \(command.type.rawValue) AND state = 'reserved'
                      AND reserved_at < \(ReservationPolicy.expiryCutoff(now: now))
                    ORDER BY reserved_at LIMIT \(command.count - fresh.count)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE codes SET reserve_id = \(reserveId), reserved_at = \(now)
                FROM picked WHERE codes.campaign_id = \(command.campaignId) AND codes.code = picked.code
                RETURNING codes.code
                """).map { try $0.decode("code", as: String.self) }
        }
        let codes = fresh + expired
        guard !codes.isEmpty else { return [] }
        // A taken expired reservation was counted as reserved already: only fresh codes move.
        try await CodeCounters.add(tx, campaignId: command.campaignId, type: command.type,
                                   available: -fresh.count, reserved: fresh.count)
        let event = CodesReserved(campaignId: command.campaignId, type: command.type.rawValue, reserveId: reserveId.uuidString.lowercased(),
                                  codes: codes, reservedAt: Timestamps.format(now),
                                  expiresAt: Timestamps.format(ReservationPolicy.expiresAt(reservedAt: now)))
        try await outbox.enqueue(tx, topic: topics.codesReserved, payload: try event.serializedBytes())
        return codes
    }

    /// True when codes that would qualify exist but were locked (skipped) by other transactions.
    private func lockedCandidatesExist(_ command: ReserveCommand, now: Date) async throws -> Bool {
        let rows = try await pool.query("""
            SELECT EXISTS (
                SELECT 1 FROM codes WHERE campaign_id = \(command.campaignId) AND type = \(command.type.rawValue)
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
