import Contracts
import Foundation
import ServiceKit
import Store

extension CampaignCodeStore {
    /// Rows reset per transaction by the job.
    static let expiryBatch = 5_000
    /// Upper bound on batches per job run (5 million codes), so a run always ends.
    static let expiryMaxBatches = 1_000

    /// Resets reservations older than 24 h to available, batch by batch (counters and one
    /// `codes_released` event per campaign and type in each batch's transaction). Returns the count.
    public func releaseExpired(now: Date) async throws -> Int {
        var total = 0
        for _ in 0..<Self.expiryMaxBatches {
            let released = try await pool.transaction { tx in
                let rows = try await tx.query("""
                    WITH picked AS MATERIALIZED (
                        SELECT campaign_id, code FROM codes
                        WHERE state = 'reserved' AND reserved_at < \(ReservationPolicy.expiryCutoff(now: now))
                        LIMIT \(Self.expiryBatch) FOR UPDATE SKIP LOCKED
                    )
                    UPDATE codes SET state = 'available', reserve_id = NULL, reserved_at = NULL
                    FROM picked WHERE codes.campaign_id = picked.campaign_id AND codes.code = picked.code
                    RETURNING codes.campaign_id, codes.type, codes.code
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
                return rows.count
            }
            total += released
            if released < Self.expiryBatch { break }
        }
        return total
    }
}
