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
                let expired = try await tx.query("""
                    DELETE FROM reservations WHERE reserve_id IN (
                        SELECT reserve_id FROM reservations
                        WHERE reserved_at < \(ReservationPolicy.expiryCutoff(now: now))
                        LIMIT \(Self.expiryBatch) FOR UPDATE SKIP LOCKED)
                    RETURNING reserve_id, campaign_id, codes
                    """)
                var held: (reserveIds: [UUID], campaignIds: [String], codes: [String]) = ([], [], [])
                for row in expired {
                    let reserveId = try row.decode("reserve_id", as: UUID.self)
                    let campaignId = try row.decode("campaign_id", as: String.self)
                    for code in try row.decode("codes", as: [String].self) {
                        held.reserveIds.append(reserveId)
                        held.campaignIds.append(campaignId)
                        held.codes.append(code)
                    }
                }
                // Codes a later reservation took over, or that were assigned or released since,
                // are not this reservation's any more: the reserve_id and state checks skip them.
                guard !held.codes.isEmpty else { return (expired.count, 0) }
                let rows = try await tx.query("""
                    UPDATE codes c SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                    FROM unnest(\(held.reserveIds)::uuid[], \(held.campaignIds)::text[], \(held.codes)::text[]) AS h(reserve_id, campaign_id, code)
                    WHERE c.campaign_id = h.campaign_id AND c.code = h.code
                      AND c.reserve_id = h.reserve_id AND c.state = 'reserved'
                    RETURNING c.campaign_id, c.type, c.code
                    """)
                var groups: [String: (campaignId: String, type: CodeType, codes: [String])] = [:]
                for row in rows {
                    let campaignId = try row.decode("campaign_id", as: String.self)
                    guard let type = CodeType(rawValue: try row.decode("type", as: String.self)) else { continue }
                    groups["\(type.rawValue)/\(campaignId)", default: (campaignId, type, [])].codes.append(try row.decode("code"))
                }
                for group in groups.values {
                    try await CodeCounters.add(tx, campaignId: group.campaignId, type: group.type,
                                               available: group.codes.count, reserved: -group.codes.count)
                    let event = CodesReleased(campaignId: group.campaignId, type: group.type.rawValue, codes: group.codes.sorted(),
                                              reason: "expired", releasedAt: Timestamps.format(now))
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
