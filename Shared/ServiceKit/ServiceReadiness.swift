/// The checks behind a service's `/readyz`: migrated, database answering, not draining.
public struct ServiceReadiness: Sendable, Equatable {
    /// The schema is migrated (`DatabaseBootstrap` finished).
    public var migrated: Bool
    /// The database answered a ping within the last second.
    public var database: Bool
    /// Graceful shutdown has not begun.
    public var serving: Bool

    public var isReady: Bool { migrated && database && serving }

    /// `{"status":"ready"|"unavailable","checks":{"migrated":…,"database":…,"serving":…}}`.
    public var json: String {
        #"{"status":"\#(isReady ? "ready" : "unavailable")","checks":{"migrated":\#(migrated),"database":\#(database),"serving":\#(serving)}}"#
    }
}
