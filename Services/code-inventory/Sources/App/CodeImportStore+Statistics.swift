import Logging
import Store

extension CodeImportStore {
    /// Gathers fresh planner statistics for `codes` when imports have more than doubled it since
    /// they were last gathered, and returns whether it did.
    ///
    /// Reserve's take of never-reserved codes keeps a generic plan in each session. A plan made
    /// while the table was small is a sequential scan, and it would stay cached until autovacuum's
    /// next ANALYZE, a minute or more after a bulk import; ANALYZE replaces every session's cached
    /// plans at once. Best effort, after the import has committed: a failure is logged, and
    /// autovacuum analyzes the table later anyway.
    @discardableResult
    func refreshStatisticsIfGrown(logger: Logger) async -> Bool {
        do {
            let rows = try await pool.query(
                """
                SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint > 2 * c.relpages + 64 AS grown
                FROM pg_class c WHERE c.oid = 'codes'::regclass
                """
            )
            guard try rows.first?.decode("grown", as: Bool.self) == true else { return false }
            try await pool.execute("ANALYZE codes")
            return true
        } catch {
            logger.warning("refreshing the statistics of codes after an import failed: \(error)")
            return false
        }
    }
}
