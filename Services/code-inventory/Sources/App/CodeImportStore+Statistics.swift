import Logging
import Store

extension CodeImportStore {
    /// Gathers fresh planner statistics for `codes` after an import into `target`, when its
    /// statistics do not know the campaign or its type, or imports have more than doubled the
    /// table since they were gathered; returns whether it did.
    ///
    /// Postgres estimates one row for a campaign that its statistics have never seen. With that
    /// estimate, assign, release and their row locks read every code of the campaign and filter
    /// them instead of looking the listed codes up by key: 20,000 codes read for two wanted, and
    /// under load a p99 of 0.6 s for assign on a freshly imported campaign. Autovacuum would not
    /// correct it soon: it analyzes a table after a tenth of it changed, so an import into a big
    /// table can wait for that for weeks.
    ///
    /// Reserve's take of never-reserved codes keeps a generic plan in each session. A plan made
    /// while the table was small is a sequential scan, and it would stay cached until the next
    /// ANALYZE; ANALYZE replaces every session's cached plans at once.
    ///
    /// ANALYZE reads a sample of fixed size (30,000 rows at the default statistics target), so its
    /// cost does not grow with the table (~0.1 s with millions of codes). Best effort, after the
    /// import has committed and answered: a failure is logged, and autovacuum analyzes the table
    /// later anyway.
    @discardableResult
    func refreshStatistics(after target: ImportTarget, logger: Logger) async -> Bool {
        do {
            let rows = try await pool.query(
                """
                WITH known AS (
                    SELECT bool_or(s.attname = 'campaign_id' AND \(target.campaignId) = ANY(s.most_common_vals::text::text[])) AS campaign,
                           bool_or(s.attname = 'type' AND \(target.type.rawValue) = ANY(s.most_common_vals::text::text[])) AS type
                    FROM pg_stats s
                    WHERE s.schemaname = current_schema() AND s.tablename = 'codes' AND s.attname IN ('campaign_id', 'type')
                )
                SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint > 2 * c.relpages + 64
                       OR NOT coalesce(known.campaign AND known.type, false) AS stale
                FROM pg_class c, known WHERE c.oid = 'codes'::regclass
                """
            )
            guard try rows.first?.decode("stale", as: Bool.self) == true else { return false }
            try await pool.execute("ANALYZE codes")
            return true
        } catch {
            logger.warning("refreshing the statistics of codes after an import failed: \(error)")
            return false
        }
    }
}
