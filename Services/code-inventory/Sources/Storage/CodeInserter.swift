import Store

/// Stores new codes the bulk way: COPY into a session temp table, then one
/// `INSERT … SELECT … ON CONFLICT DO NOTHING`, per batch of at most `batchSize` codes.
enum CodeInserter {
    /// Largest batch per COPY + INSERT (the limit).
    static let batchSize = 50_000

    /// Inserts `codes` into the target inside `tx`; returns how many were new (the rest were
    /// already stored or repeated, and are duplicates). Counters are the caller's business.
    static func insert(_ codes: [String], into target: ImportTarget, _ tx: Transaction) async throws -> Int {
        guard !codes.isEmpty else { return 0 }
        // A temp table lives as long as the pooled session; ON COMMIT DELETE ROWS empties it at commit.
        try await tx.execute("CREATE TEMP TABLE IF NOT EXISTS import_batch (code text NOT NULL) ON COMMIT DELETE ROWS")
        var inserted = 0
        var start = 0
        while start < codes.count {
            let end = min(start + batchSize, codes.count)
            if start > 0 { try await tx.execute("TRUNCATE import_batch") }
            _ = try await tx.copyIn("COPY import_batch (code) FROM STDIN", rows: codes[start..<end].lazy.map { [$0] })
            inserted += try await tx.execute("""
                INSERT INTO codes (campaign_id, code, type)
                SELECT \(target.campaignId)::text, code, \(target.type.rawValue)::text FROM import_batch
                ON CONFLICT DO NOTHING
                """)
            start = end
        }
        return inserted
    }
}
