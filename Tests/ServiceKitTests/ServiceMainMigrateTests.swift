import Foundation
import Logging
import Store
import TestSupport
import XCTest

@testable import ServiceKit

/// `<service> migrate` with the admin URL, then the service on its own role's URL (the deployment's split).
final class ServiceMainMigrateTests: XCTestCase {
    func test_migrate_provisionsAndMigrates_thenTheServiceServesOnItsRolesURLWithoutProvisioningRights() async throws {
        let name = "t-" + UUID().uuidString.prefix(8).lowercased()
        let prefix = ServiceEndpoints.envPrefix(name)
        let password = UUID().uuidString
        let migrations = try migrationsDirectory(["0001_items.sql": "CREATE TABLE items (v int);"])
        let definition = ServiceDefinition(name: name, migrationsDirectory: migrations)
        let admin = ServiceConfig(
            name: name,
            environment: ServiceEnvironment(["DATABASE_URL": TestService.databaseURL, "\(prefix)_DB_PASSWORD": password])
        )
        let logger = Logger(label: name)
        let adminPool = ConnectionPool(url: TestService.databaseURL, size: 1, logger: logger)
        do {
            try await ServiceMain.migrate(definition, config: admin, logger: logger, retryInterval: .milliseconds(200), maxAttempts: 3)

            let roleURL = try Self.url(TestService.databaseURL, user: admin.databaseRole, password: password)
            let own = ServiceConfig(
                name: name,
                environment: ServiceEnvironment([
                    "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",  // never used in this mode
                    "\(prefix)_DATABASE_URL": roleURL,
                    "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
                    "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
                    "DB_POOL_SIZE": "2",
                ])
            )
            let runtime = try ServiceRuntime(definition: definition, config: own, logger: logger)
            do {
                try await bootstrap(runtime, migrationsDirectory: migrations, maxAttempts: 3)
                XCTAssertTrue(runtime.database.isReady)
                try await runtime.database.pool.execute("INSERT INTO items VALUES (1)")
                let user = try await runtime.database.pool.query("SELECT current_user AS u").first?["u"]
                XCTAssertEqual(user, admin.databaseRole)
                do {
                    try await runtime.database.pool.execute("CREATE ROLE \(identifier: name + "_intruder")")
                    XCTFail("the service's role may create roles")
                } catch let error as StoreError {
                    XCTAssertEqual(error.kind, .insufficientPrivilege)
                }

                // A migration shipped but not applied: the service waits for `migrate` instead of applying it.
                try "CREATE TABLE later (v int);".write(
                    to: migrations.appendingPathComponent("0002_later.sql"),
                    atomically: true,
                    encoding: .utf8
                )
                do {
                    try await bootstrap(runtime, migrationsDirectory: migrations, maxAttempts: 2)
                    XCTFail("the service applied or ignored a pending migration")
                } catch let error as SchemaNotMigrated {
                    XCTAssertEqual(error.own, [2])
                }
                let later = try await runtime.database.pool.query("SELECT 1 FROM pg_tables WHERE tablename = 'later' AND schemaname = \(own.schema)")
                XCTAssertTrue(later.isEmpty)
            } catch {
                runtime.publisher.close()
                await runtime.database.pool.close()
                throw error
            }
            runtime.publisher.close()
            await runtime.database.pool.close()
        } catch {
            await cleanUp(adminPool, schema: admin.schema, role: admin.databaseRole, migrations: migrations)
            throw error
        }
        await cleanUp(adminPool, schema: admin.schema, role: admin.databaseRole, migrations: migrations)
    }

    private func bootstrap(_ runtime: ServiceRuntime, migrationsDirectory: URL, maxAttempts: Int) async throws {
        try await DatabaseBootstrap(
            config: runtime.config,
            database: runtime.database,
            serviceMigrations: try Migration.load(directory: migrationsDirectory),
            logger: runtime.logger,
            retryInterval: .milliseconds(100),
            maxAttempts: maxAttempts
        ).run()
    }

    private func migrationsDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (file, sql) in files {
            try sql.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// The admin URL with another user and password (what the deployment's generator writes).
    private static func url(_ admin: String, user: String, password: String) throws -> String {
        var components = try XCTUnwrap(URLComponents(string: admin))
        components.user = user
        components.password = password
        return try XCTUnwrap(components.string)
    }

    private func cleanUp(_ admin: ConnectionPool, schema: String, role: String, migrations: URL) async {
        _ = try? await admin.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        _ = try? await admin.execute("DROP OWNED BY \(identifier: role) CASCADE")
        _ = try? await admin.execute("DROP ROLE IF EXISTS \(identifier: role)")
        await admin.close()
        try? FileManager.default.removeItem(at: migrations)
    }
}
