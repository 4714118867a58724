import Foundation
import Store
import TestSupport
import XCTest

final class MigrationTests: XCTestCase {
    private func makeDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("migrations"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    private var sampleFiles: [String: String] {
        [
            "0002_add_points.sql": "ALTER TABLE accounts ADD COLUMN points int NOT NULL DEFAULT 0;",
            "0001_create_accounts.sql": """
            CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL);
            CREATE INDEX accounts_name ON accounts (name);
            """,
            "README.md": "not a migration",
        ]
    }

    func test_load_sortsByVersionAndIgnoresOtherFiles() throws {
        let migrations = try Migration.load(directory: try makeDirectory(sampleFiles))
        XCTAssertEqual(migrations.map(\.version), [1, 2])
        XCTAssertEqual(migrations.map(\.name), ["create_accounts", "add_points"])
    }

    func test_load_whenVersionsDuplicate_throws() throws {
        let directory = try makeDirectory(["0001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 1;"])
        XCTAssertThrowsError(try Migration.load(directory: directory))
    }

    func test_load_whenNameIsMalformed_throws() throws {
        XCTAssertThrowsError(try Migration.load(directory: try makeDirectory(["create.sql": "SELECT 1;"])))
        XCTAssertThrowsError(try Migration.load(directory: try makeDirectory(["0001-create.sql": "SELECT 1;"])))
        XCTAssertThrowsError(try Migration.load(directory: try makeDirectory(["0001_.sql": "SELECT 1;"])))
    }

    func test_migrate_appliesOnceAndRerunIsNoOp() async throws {
        let migrations = try Migration.load(directory: try makeDirectory(sampleFiles))
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            let migrator = Migrator(schema: schema, logger: TestDatabase.logger)
            let first = try await migrator.migrate(pool, migrations)
            XCTAssertEqual(first, [1, 2])
            let second = try await migrator.migrate(pool, migrations)
            XCTAssertEqual(second, [])
            let recorded = try await pool.query("SELECT version, name FROM \(identifier: schema).schema_migrations ORDER BY version")
            XCTAssertEqual(try recorded.map { try $0.decode("version", as: Int.self) }, [1, 2])
            XCTAssertEqual(recorded.map { $0["name"] }, ["create_accounts", "add_points"])
            try await pool.execute("INSERT INTO \(identifier: schema).accounts (id, name) VALUES (\(1), \("a"))")
            let points = try await pool.query("SELECT points FROM \(identifier: schema).accounts").first?.decode("points", as: Int.self)
            XCTAssertEqual(points, 0)
        }
    }

    func test_migrate_whenRunConcurrentlyFromTwoPools_appliesEachOnce() async throws {
        let migrations = try Migration.load(directory: try makeDirectory(sampleFiles))
        let schema = TestDatabase.uniqueName("store_mig")
        try await withPool(TestDatabase.makePool(size: 1)) { first in
            try await withPool(TestDatabase.makePool(size: 1)) { second in
                let pools = [first, second]
                let migrator = Migrator(schema: schema, logger: TestDatabase.logger)
                let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for pool in pools {
                        group.addTask { try await migrator.migrate(pool, migrations) }
                    }
                    return try await group.reduce(into: [[Int]]()) { $0.append($1) }
                }
                XCTAssertEqual(results.flatMap { $0 }.sorted(), [1, 2])
                let recorded = try await pools[0].query("SELECT count(*) AS n FROM \(identifier: schema).schema_migrations")
                XCTAssertEqual(try recorded.first?.decode("n", as: Int.self), 2)
                try await pools[0].execute("DROP SCHEMA \(identifier: schema) CASCADE")
            }
        }
    }

    func test_migrate_whenMigrationFails_recordsNothingForItAndReleasesLock() async throws {
        let schema = TestDatabase.uniqueName("store_mig")
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let migrator = Migrator(schema: schema, logger: TestDatabase.logger)
            let good = Migration(version: 1, name: "good", sql: "CREATE TABLE t (v int);")
            let bad = Migration(version: 2, name: "bad", sql: "CREATE TABLE u (v int); SELECT * FROM missing_table;")
            let error = await assertStoreError { try await migrator.migrate(pool, [good, bad]) }
            XCTAssertEqual(error?.kind, .undefinedTable)
            let tables = try await pool.query("SELECT tablename FROM pg_tables WHERE schemaname = \(schema) ORDER BY 1")
            XCTAssertEqual(tables.map { $0["tablename"] }, ["schema_migrations", "t"])
            // The lock was released: another session can migrate (and applies only the fixed migration).
            try await withPool(TestDatabase.makePool(size: 1)) { other in
                let fixed = Migration(version: 2, name: "bad", sql: "CREATE TABLE u (v int);")
                let applied = try await migrator.migrate(other, [good, fixed])
                XCTAssertEqual(applied, [2])
                try await pool.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            }
        }
    }
}
