import Foundation
import Logging
import Store
import TestSupport
import XCTest

/// Migration 0004 on a schema that already holds codes: every code gets a seq in code order per
/// lane, every lane a cursor at the start and its next seq, and the indexes are swapped.
final class HotReserveMigrationTests: XCTestCase {
    private static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Services/code-inventory/Sources/Migrations")

    func test_migration0004_onStoredCodes_numbersThemInCodeOrderPerLane_andStartsEveryCursorAtTheBeginning() async throws {
        var logger = Logger(label: "hot-reserve-migration-tests")
        logger.logLevel = .warning
        try await ScratchSchema.run(url: CodeInventoryHarness.databaseURL, prefix: "ci_mig", logger: logger) { pool, schema in
            let migrations = try Migration.load(directory: Self.migrationsDirectory)
            let migrator = Migrator(schema: schema, logger: logger)
            _ = try await migrator.migrate(pool, migrations.filter { $0.version < 4 })
            try await pool.execute(
                """
                INSERT INTO \(identifier: schema).codes (campaign_id, code, type, state, reserve_id, reserved_at, assigned_to, assigned_at) VALUES
                    ('old', 'B', 'tm', 'reserved', gen_random_uuid(), now(), NULL, NULL),
                    ('old', 'A', 'tm', 'available', NULL, NULL, NULL, NULL),
                    ('old', 'D', 'tm', 'available', NULL, NULL, NULL, NULL),
                    ('old', 'C', 'tm', 'assigned', gen_random_uuid(), now(), 'u-1', now()),
                    ('old', 'X', 'external', 'available', NULL, NULL, NULL, NULL),
                    ('two', 'Z', 'tm', 'available', NULL, NULL, NULL, NULL)
                """
            )
            let applied = try await migrator.migrate(pool, migrations)
            XCTAssertTrue(applied.contains(4))

            let codes = try await pool.query(
                "SELECT campaign_id || '/' || type || '/' || code AS code, seq, returned FROM \(identifier: schema).codes"
            )
            var seqs: [String: Int64] = [:]
            for row in codes {
                seqs[try row.decode("code", as: String.self)] = try row.decode("seq", as: Int64.self)
                XCTAssertFalse(try row.decode("returned", as: Bool.self))
            }
            XCTAssertEqual(seqs, ["old/tm/A": 1, "old/tm/B": 2, "old/tm/C": 3, "old/tm/D": 4, "old/external/X": 1, "two/tm/Z": 1])

            let lanes = try await pool.query(
                """
                SELECT l.campaign_id || '/' || l.type AS lane, l.next_seq, r.reserved_through
                FROM \(identifier: schema).code_lanes l JOIN \(identifier: schema).reserve_cursors r USING (campaign_id, type)
                """
            )
            var next: [String: Int64] = [:]
            for row in lanes {
                next[try row.decode("lane", as: String.self)] = try row.decode("next_seq", as: Int64.self)
                XCTAssertEqual(try row.decode("reserved_through", as: Int64.self), 0)
            }
            XCTAssertEqual(next, ["old/tm": 5, "old/external": 2, "two/tm": 2])

            let indexes = try await pool.query("SELECT indexname FROM pg_indexes WHERE schemaname = \(schema) AND tablename = 'codes'")
            XCTAssertEqual(Set(try indexes.map { try $0.decode("indexname", as: String.self) }), ["codes_pkey", "codes_lane", "codes_returned"])
        }
    }
}
