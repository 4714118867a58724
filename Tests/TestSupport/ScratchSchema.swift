import Foundation
import Logging
import Store

/// A fresh schema on a pool of its own for one test, shared by every test target that needs one.
public enum ScratchSchema {
    /// Runs `body` with a new pool on `url` and a new schema `<prefix>_<random>`; drops the schema
    /// and closes the pool afterwards, also when `body` throws.
    public static func run(
        url: String,
        prefix: String,
        poolSize: Int = 2,
        logger: Logger,
        _ body: (ConnectionPool, String) async throws -> Void
    ) async throws {
        let pool = ConnectionPool(url: url, size: poolSize, logger: logger)
        let schema = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        do {
            try await pool.execute("CREATE SCHEMA \(identifier: schema)")
            try await body(pool, schema)
        } catch {
            _ = try? await pool.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
            await pool.close()
            throw error
        }
        try await pool.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        await pool.close()
    }
}
