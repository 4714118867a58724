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
        let rows = try await pool.query(
            """
            SELECT EXISTS (
                SELECT 1 FROM codes c JOIN reserve_cursors r USING (campaign_id, type)
                WHERE c.campaign_id = \(campaignId) AND c.type = \(type.rawValue) AND c.seq > r.reserved_through AND c.state = 'available'
            ) OR EXISTS (
                SELECT 1 FROM codes WHERE campaign_id = \(campaignId) AND type = \(type.rawValue) AND returned AND state = 'available'
            ) OR EXISTS (
                \(Self.expiredCodes(campaignId: campaignId, types: [type], now: now, select: "1"))
            ) AS found
            """
        )
        return try rows.first?.decode("found", as: Bool.self) ?? false
    }

    /// `SELECT <select> FROM reservations r JOIN codes c …`: the codes of the campaign (and `types`)
    /// whose reservation expired and that no one took over, assigned or released since.
    static func expiredCodes(campaignId: String, types: [CodeType], now: Date, select: SQL) -> SQL {
        """
        SELECT \(select) FROM reservations r
        JOIN codes c ON c.campaign_id = r.campaign_id AND c.code = ANY(r.codes)
        WHERE r.campaign_id = \(campaignId) AND r.type = ANY(\(types.map(\.rawValue))::text[])
          AND r.reserved_at < \(ReservationPolicy.expiryCutoff(now: now))
          AND \(heldByReservation)
        """
    }

    /// True when code row `c` is still held by reservation `r` (a row listed in `r.codes`):
    /// written as `reserved` by it, or untouched inside its fresh range (see migration 0005). A
    /// code listed by an older reservation that was taken over, assigned or released since is
    /// neither.
    static let heldByReservation: SQL = """
        ((c.state = 'reserved' AND c.reserve_id = r.reserve_id)
         OR (c.state = 'available' AND NOT c.returned AND c.seq BETWEEN r.first_seq AND r.last_seq))
        """

    /// Reads and locks the listed codes of the campaign and type, in code order (no deadlocks
    /// between two requests that share codes), each in the state it is in: a row held by a
    /// reservation's range reads as `reserved` at that reservation's time.
    func lockCodes(_ codes: [String], campaignId: String, type: CodeType, _ tx: Transaction) async throws -> [String: StoredCode] {
        let rows = try await tx.query(
            """
            SELECT c.code, CASE WHEN h.reserve_id IS NULL THEN c.state ELSE 'reserved' END AS state,
                   coalesce(h.reserved_at, c.reserved_at) AS reserved_at
            FROM codes c
            LEFT JOIN LATERAL (
                SELECT r.reserve_id, r.reserved_at, r.last_seq FROM reservations r
                WHERE r.campaign_id = c.campaign_id AND r.type = c.type AND r.first_seq <= c.seq
                ORDER BY r.first_seq DESC LIMIT 1
            ) h ON c.state = 'available' AND NOT c.returned AND h.last_seq >= c.seq
            WHERE c.campaign_id = \(campaignId) AND c.type = \(type.rawValue) AND c.code = ANY(\(Array(Set(codes)))::text[])
            ORDER BY c.code FOR UPDATE OF c
            """
        )
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
