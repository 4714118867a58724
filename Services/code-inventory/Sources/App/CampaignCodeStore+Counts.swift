import Foundation
import Store

extension CampaignCodeStore {
    /// Counts per type from the counters (at most 16 rows per type) plus the expired reservations
    /// (codes of reservations older than 24 h the job has not reset yet), read in one statement, so one snapshot.
    public func counts(campaignId: String, now: Date) async throws -> [CodeType: CodeTally] {
        let rows = try await pool.query(
            """
            SELECT k.type, k.available, k.reserved, k.assigned, coalesce(e.expired, 0) AS expired
            FROM (SELECT type, sum(available)::bigint AS available, sum(reserved)::bigint AS reserved,
                         sum(assigned)::bigint AS assigned
                  FROM code_counters WHERE campaign_id = \(campaignId) GROUP BY type) k
            LEFT JOIN (\(Self.expiredCodes(campaignId: campaignId, types: CodeType.allCases, now: now,
                                            select: "r.type, count(*) AS expired")) GROUP BY r.type) e USING (type)
            """
        )
        var tallies: [CodeType: CodeTally] = [:]
        for row in rows {
            guard let type = CodeType(rawValue: try row.decode("type", as: String.self)) else { continue }
            let stored = CodeTally(
                available: try row.decode("available"),
                reserved: try row.decode("reserved"),
                assigned: try row.decode("assigned")
            )
            tallies[type] = stored.movingExpired(try row.decode("expired"))
        }
        return tallies
    }
}
