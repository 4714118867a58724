import Store

/// The maintained counts of codes per (campaign, type), changed inside the caller's transaction.
enum CodeCounters {
    /// Shards per (campaign, type); must match the CHECK in the migration.
    static let shards = 16

    /// Adds the deltas to one random shard (spreads concurrent writers over 16 rows).
    static func add(
        _ tx: Transaction,
        campaignId: String,
        type: CodeType,
        available: Int = 0,
        reserved: Int = 0,
        assigned: Int = 0
    ) async throws {
        guard available != 0 || reserved != 0 || assigned != 0 else { return }
        try await tx.execute(upsert(campaignId: campaignId, type: type, available: available, reserved: reserved, assigned: assigned))
    }

    /// The statement that adds the deltas to one random shard, to run alone or embed as a
    /// data-modifying CTE (a hot path writes its counters and its events in one round trip).
    static func upsert(campaignId: String, type: CodeType, available: Int = 0, reserved: Int = 0, assigned: Int = 0) -> SQL {
        let shard = Int.random(in: 0..<shards)
        return """
            INSERT INTO code_counters AS c (campaign_id, type, shard, available, reserved, assigned)
            VALUES (\(campaignId), \(type.rawValue), \(shard), \(available), \(reserved), \(assigned))
            ON CONFLICT (campaign_id, type, shard) DO UPDATE SET
                available = c.available + excluded.available,
                reserved = c.reserved + excluded.reserved,
                assigned = c.assigned + excluded.assigned
            """
    }
}
