import Logging

/// Ordered SQL migrations of one schema, applied under an advisory lock and recorded in <schema>.schema_migrations.
///
/// Any number of processes may migrate at start-up at once: they queue on the lock, and whoever comes
/// second finds everything recorded and applies nothing.
public struct Migrator: Sendable {
    public let schema: String
    /// Table (inside the schema) that records applied versions; the platform's own tables use a
    /// separate one so their versions never collide with the service's.
    public let historyTable: String
    let logger: Logger

    public init(schema: String, historyTable: String = "schema_migrations", logger: Logger) {
        self.schema = schema
        self.historyTable = historyTable
        self.logger = logger
    }

    /// Applies the migrations not yet recorded, each in its own transaction with `search_path` set to
    /// the schema, and returns the versions applied by this call (empty when up to date).
    public func migrate(_ pool: ConnectionPool, _ migrations: [Migration]) async throws -> [Int] {
        try Migration.validate(migrations)
        try RoleProvisioner.validateName(schema, what: "schema")
        let pending = migrations.sorted { $0.version < $1.version }
        try RoleProvisioner.validateName(historyTable, what: "history table")
        let schema = self.schema
        let history = self.historyTable
        let logger = self.logger
        // Everything on one connection: session-level advisory locks belong to the session that took them.
        return try await pool.withConnection { connection in
            try await connection.execute("SELECT pg_advisory_lock(hashtext(\(schema)))")
            do {
                let applied = try await Self.applyMissing(pending, schema: schema, history: history, on: connection, logger: logger)
                try await connection.execute("SELECT pg_advisory_unlock(hashtext(\(schema)))")
                return applied
            } catch {
                // The session may be gone (then the server already dropped the lock): best effort.
                _ = try? await connection.run(cancellable: false) { handle in
                    try Connection.execute("SELECT pg_advisory_unlock(hashtext(\(schema)))", on: handle)
                }
                throw error
            }
        }
    }

    private static func applyMissing(
        _ migrations: [Migration],
        schema: String,
        history: String,
        on connection: Connection,
        logger: Logger
    ) async throws -> [Int] {
        // CREATE SCHEMA checks the database-level CREATE privilege even when the schema exists, and a
        // service role owns its schema but has no such privilege: look before creating.
        let exists = try await connection.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)")
        if exists.isEmpty {
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema)")
        }
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(identifier: schema).\(identifier: history) (
                version int PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        let recorded = try await connection.query("SELECT version FROM \(identifier: schema).\(identifier: history)")
        let done = Set(try recorded.map { try $0.decode("version", as: Int.self) })

        var applied: [Int] = []
        for migration in migrations where !done.contains(migration.version) {
            logger.info(
                "applying migration",
                metadata: [
                    "schema": "\(schema)", "version": "\(migration.version)", "name": "\(migration.name)",
                ]
            )
            try await connection.execute("BEGIN")
            do {
                try await connection.execute("SET LOCAL search_path TO \(identifier: schema)")
                try await connection.executeScript(migration.sql)
                try await connection.execute(
                    """
                    INSERT INTO \(identifier: schema).\(identifier: history) (version, name)
                    VALUES (\(migration.version), \(migration.name))
                    """
                )
                try await connection.execute("COMMIT")
            } catch {
                try? await connection.executeScript("ROLLBACK", cancellable: false)
                logger.error(
                    "migration failed",
                    metadata: [
                        "schema": "\(schema)", "version": "\(migration.version)", "error": "\(error)",
                    ]
                )
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }
}
