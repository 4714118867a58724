import Contracts
import Foundation
import ServiceKit
import Store

extension CampaignCodeStore {
    /// Reservations (of at most 1,000 codes each, usually a few) reset per transaction by the job.
    static let expiryBatch = 200
    /// Upper bound on batches per job run (5 million reservations), so a run always ends.
    static let expiryMaxBatches = 25_000

    /// Resets reservations older than 24 h to available, batch by batch (counters and one
    /// `codes_released` event per campaign and type in each batch's transaction), and deletes
    /// their `reservations` rows. Returns the number of codes reset.
    public func releaseExpired(now: Date) async throws -> Int {
        var total = 0
        for _ in 0..<Self.expiryMaxBatches {
            let (reservations, released) = try await pool.transaction { tx in
                let expired = try await tx.query(
                    """
                    SELECT reserve_id FROM reservations
                    WHERE reserved_at < \(ReservationPolicy.expiryCutoff(now: now))
                    LIMIT \(Self.expiryBatch) FOR UPDATE SKIP LOCKED
                    """
                ).map { try $0.decode("reserve_id", as: UUID.self) }
                guard !expired.isEmpty else { return (0, 0) }
                // Codes a later reservation took over, or that were assigned or released since,
                // are not this reservation's any more: `heldByReservation` skips them.
                let rows = try await tx.query(
                    """
                    WITH r AS (DELETE FROM reservations WHERE reserve_id = ANY(\(expired)::uuid[])
                               RETURNING reserve_id, campaign_id, codes, first_seq, last_seq)
                    UPDATE codes c SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                    FROM r
                    WHERE c.campaign_id = r.campaign_id AND c.code = ANY(r.codes) AND \(Self.heldByReservation)
                    RETURNING c.campaign_id, c.type, c.code
                    """
                )
                var groups: [String: (campaignId: String, type: CodeType, codes: [String])] = [:]
                for row in rows {
                    let campaignId = try row.decode("campaign_id", as: String.self)
                    guard let type = CodeType(rawValue: try row.decode("type", as: String.self)) else { continue }
                    groups["\(type.rawValue)/\(campaignId)", default: (campaignId, type, [])].codes.append(try row.decode("code"))
                }
                for group in groups.values {
                    try await CodeCounters.add(
                        tx,
                        campaignId: group.campaignId,
                        type: group.type,
                        available: group.codes.count,
                        reserved: -group.codes.count
                    )
                    let event = CodesReleased(
                        campaignId: group.campaignId,
                        type: group.type.rawValue,
                        codes: group.codes.sorted(),
                        reason: "expired",
                        releasedAt: Timestamps.format(now)
                    )
                    try await outbox.enqueue(tx, topic: topics.codesReleased, payload: try event.serializedBytes())
                }
                return (expired.count, rows.count)
            }
            total += released
            if reservations < Self.expiryBatch { break }
        }
        return total
    }
}
