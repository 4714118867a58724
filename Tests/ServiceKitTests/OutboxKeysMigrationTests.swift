import Foundation
import Logging
import Store
import TestSupport
import XCTest

@testable import ServiceKit

/// Platform migration 0004 on an outbox that already holds published and unpublished events.
final class OutboxKeysMigrationTests: XCTestCase {
    func test_migration0004_keysTheOutboxByCreated_keepsEvents_andSequencesStayUnique() async throws {
        var logger = Logger(label: "outbox-keys-migration-tests")
        logger.logLevel = .warning
        try await ScratchSchema.run(url: TestService.databaseURL, prefix: "sk_mig", logger: logger) { pool, schema in
            let migrations = try Migration.load(directory: ServiceKitResources.platformMigrations)
            let migrator = Migrator(schema: schema, historyTable: "platform_migrations", logger: logger)
            _ = try await migrator.migrate(pool, migrations.filter { $0.version < 4 })
            try await pool.execute(
                """
                INSERT INTO \(identifier: schema).outbox (id, topic, payload, sequence, published_at) VALUES
                    (gen_random_uuid(), 'svc.a', '\\x01', 1, now()), (gen_random_uuid(), 'svc.b', '\\x02', 2, now()),
                    (gen_random_uuid(), 'svc.c', '\\x03', NULL, NULL), (gen_random_uuid(), 'svc.d', '\\x04', NULL, NULL)
                """
            )
            let applied = try await migrator.migrate(pool, migrations.filter { $0.version <= 4 })
            XCTAssertEqual(applied, [4])

            let outbox = Outbox(schema: schema, source: "svc")
            let published = try await outbox.events(after: 0, limit: 10, pool: pool)
            XCTAssertEqual(published.map(\.topic), ["svc.a", "svc.b"])
            XCTAssertEqual(published.map(\.sequence), [1, 2])

            let indexes = try await pool.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = \(schema) AND tablename = 'outbox'")
            var definitions: [String: String] = [:]
            for row in indexes {
                definitions[try row.decode("indexname", as: String.self)] = try row.decode("indexdef", as: String.self)
            }
            XCTAssertEqual(Set(definitions.keys), ["outbox_pkey", "outbox_sequence_key", "outbox_unpublished"])
            XCTAssertTrue(definitions["outbox_pkey"]?.hasSuffix("(created)") == true, definitions["outbox_pkey"] ?? "")
            XCTAssertTrue(
                definitions["outbox_sequence_key"]?.contains("WHERE (sequence IS NOT NULL)") == true,
                definitions["outbox_sequence_key"] ?? ""
            )

            do {
                try await pool.execute("UPDATE \(identifier: schema).outbox SET sequence = 2 WHERE topic = 'svc.c'")
                XCTFail("a second event with sequence 2 must be refused")
            } catch let error as StoreError {
                XCTAssertEqual(error.kind, .uniqueViolation)
            }
        }
    }
}
