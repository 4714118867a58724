extension Migrator {
    /// The versions of `migrations` not recorded in the history table (all of them when the schema or
    /// table is missing), without applying anything or taking the migration lock.
    public func pending(_ pool: ConnectionPool, _ migrations: [Migration]) async throws -> [Int] {
        try Migration.validate(migrations)
        let table = try await pool.query("SELECT 1 FROM pg_tables WHERE schemaname = \(schema) AND tablename = \(historyTable)")
        guard !table.isEmpty else { return migrations.map(\.version).sorted() }
        let recorded = try await pool.query("SELECT version FROM \(identifier: schema).\(identifier: historyTable)")
        let done = Set(try recorded.map { try $0.decode("version", as: Int.self) })
        return migrations.map(\.version).filter { !done.contains($0) }.sorted()
    }
}
