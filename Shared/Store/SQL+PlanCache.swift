extension SQL {
    /// Makes the rest of the transaction run prepared statements with their generic plan.
    ///
    /// Postgres plans a prepared statement anew at every run while it estimates that cheaper than
    /// the generic plan; for a statement whose parameters are arrays (`unnest`) or that writes
    /// through many CTEs, the estimate always says so although both plans are the same, and the
    /// planning is then a large part of the statement's cost. Send it in the same round trip as
    /// the transaction's first statement (`queryAll`); `customPlans` turns it off again.
    public static let genericPlans: SQL = "SET LOCAL plan_cache_mode = force_generic_plan"

    /// Back to Postgres's own choice, for statements whose plan depends on a parameter's value
    /// (a `LIMIT`, a selective value) that a generic plan cannot see.
    public static let customPlans: SQL = "SET LOCAL plan_cache_mode = auto"
}
