import Store

/// Stores new codes the bulk way: COPY into a session temp table, then one
/// `INSERT … SELECT … ON CONFLICT DO NOTHING`, per batch of at most `batchSize` codes.
///
/// Each code gets the next `seq` of its lane, in file order (the order reserve hands codes out).
/// The lane's `code_lanes` row stays locked until the caller's transaction ends, so imports of one
/// lane commit in seq order and reserve's cursor can never have passed a code that appears later.
enum CodeInserter {
    /// Largest batch per COPY + INSERT (the limit).
    static let batchSize = 50_000

    /// Inserts `codes` into the target inside `tx`; returns how many were new (the rest were
    /// already stored or repeated, and are duplicates). Counters are the caller's business.
    static func insert(_ codes: [String], into target: ImportTarget, _ tx: Transaction) async throws -> Int {
        guard !codes.isEmpty else { return 0 }
        // A temp table lives as long as the pooled session; ON COMMIT DELETE ROWS empties it at commit.
        try await tx.execute("CREATE TEMP TABLE IF NOT EXISTS import_batch (code text NOT NULL) ON COMMIT DELETE ROWS")
        try await tx.execute("""
            WITH cursor AS (INSERT INTO reserve_cursors (campaign_id, type) VALUES (\(target.campaignId), \(target.type.rawValue))
                            ON CONFLICT DO NOTHING)
            INSERT INTO code_lanes (campaign_id, type) VALUES (\(target.campaignId), \(target.type.rawValue)) ON CONFLICT DO NOTHING
            """)
        var inserted = 0
        var start = 0
        while start < codes.count {
            let end = min(start + batchSize, codes.count)
            if start > 0 { try await tx.execute("TRUNCATE import_batch") }
            _ = try await tx.copyIn("COPY import_batch (code) FROM STDIN", rows: codes[start..<end].lazy.map { [$0] })
            // Duplicates leave gaps in seq; only the order matters.
            inserted += try await tx.execute("""
                WITH lane AS (
                    UPDATE code_lanes SET next_seq = next_seq + \(end - start)
                    WHERE campaign_id = \(target.campaignId) AND type = \(target.type.rawValue)
                    RETURNING next_seq - \(end - start) AS first
                )
                INSERT INTO codes (campaign_id, code, type, seq)
                SELECT \(target.campaignId)::text, b.code, \(target.type.rawValue)::text, lane.first + b.n - 1
                FROM lane, (SELECT code, row_number() OVER () AS n FROM import_batch) b
                ON CONFLICT DO NOTHING
                """)
            start = end
        }
        return inserted
    }
}
