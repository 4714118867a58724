import Foundation
import Logging
import Store
import TestSupport
import XCTest

/// Migration 0007 on a schema that already holds redemptions: every (code, user) that redeemed is
/// recorded in `promo_code_users`, so the once-per-user rule survives their later pruning.
final class PromoCodeUsersMigrationTests: XCTestCase {
    private static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Services/code-inventory/Sources/Migrations")

    func test_migration0007_backfillsEveryRedeemingUserOfEveryCode() async throws {
        var logger = Logger(label: "promo-code-users-migration-tests")
        logger.logLevel = .warning
        try await ScratchSchema.run(url: CodeInventoryHarness.databaseURL, prefix: "ci_mig", logger: logger) { pool, schema in
            let migrations = try Migration.load(directory: Self.migrationsDirectory)
            let migrator = Migrator(schema: schema, logger: logger)
            _ = try await migrator.migrate(pool, migrations.filter { $0.version < 7 })
            try await pool.execute(
                """
                INSERT INTO \(identifier: schema).promo_codes (code, benefit_credits, max_redemptions, redemptions, valid_from, valid_until, created_at)
                VALUES ('P1', 100, 10, 2, '2025-01-01', '2027-01-01', '2025-01-01'), ('P2', 50, 10, 1, '2025-01-01', '2027-01-01', '2025-01-01')
                """
            )
            try await pool.execute(
                """
                INSERT INTO \(identifier: schema).promo_redemptions (id, code, user_id, redeemed_at) VALUES
                    (gen_random_uuid(), 'P1', 'u-1', '2025-02-01'), (gen_random_uuid(), 'P1', 'u-2', '2025-02-02'),
                    (gen_random_uuid(), 'P2', 'u-1', '2025-02-03')
                """
            )
            let applied = try await migrator.migrate(pool, migrations)
            XCTAssertTrue(applied.contains(7))
            let users = try await pool.query("SELECT code || '/' || user_id AS pair FROM \(identifier: schema).promo_code_users ORDER BY 1")
                .map { try $0.decode("pair", as: String.self) }
            XCTAssertEqual(users, ["P1/u-1", "P1/u-2", "P2/u-1"])
        }
    }
}
