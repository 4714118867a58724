import Store
import TestSupport
import XCTest

final class RoleProvisionerTests: XCTestCase {
    func test_provision_isolatesRolesToTheirOwnSchemas() async throws {
        let admin = TestDatabase.makePool(size: 2)
        let roleA = TestDatabase.uniqueName("store_role_a")
        let roleB = TestDatabase.uniqueName("store_role_b")
        let schemaA = TestDatabase.uniqueName("store_schema_a")
        let schemaB = TestDatabase.uniqueName("store_schema_b")
        let password = "pa'ss\\word\"; DROP ROLE postgres; --"
        var pools: [ConnectionPool] = []
        do {
            try await RoleProvisioner.provision(adminPool: admin, schema: schemaA, role: roleA, password: password)
            try await RoleProvisioner.provision(adminPool: admin, schema: schemaB, role: roleB, password: password)
            let poolA = TestDatabase.makePool(size: 1, user: roleA, password: password)
            let poolB = TestDatabase.makePool(size: 1, user: roleB, password: password)
            pools = [poolA, poolB]

            let value1 = try await poolA.query("SELECT current_user AS u").first?["u"]
            XCTAssertEqual(value1, roleA)
            try await poolA.execute("CREATE TABLE \(identifier: schemaA).items (v text)")
            try await poolA.execute("INSERT INTO \(identifier: schemaA).items VALUES (\("mine"))")
            let value2 = try await poolA.query("SELECT v FROM \(identifier: schemaA).items").first?["v"]
            XCTAssertEqual(value2, "mine")
            // search_path points at the role's own schema.
            let value3 = try await poolA.query("SELECT count(*) AS n FROM items").first?["n"]
            XCTAssertEqual(value3, "1")

            try await poolB.execute("CREATE TABLE \(identifier: schemaB).secrets (v text)")
            let error = await assertStoreError { try await poolA.query("SELECT * FROM \(identifier: schemaB).secrets") }
            XCTAssertEqual(error?.kind, .insufficientPrivilege)
            let create = await assertStoreError { try await poolA.execute("CREATE TABLE \(identifier: schemaB).intruder (v int)") }
            XCTAssertEqual(create?.kind, .insufficientPrivilege)

            // A service role can run its own migrations although it may not create schemas.
            let applied = try await Migrator(schema: schemaA, logger: TestDatabase.logger)
                .migrate(poolA, [Migration(version: 1, name: "t", sql: "CREATE TABLE migrated (v int);")])
            XCTAssertEqual(applied, [1])
            let value4 = try await poolA.query("SELECT tableowner FROM pg_tables WHERE tablename = 'migrated' AND schemaname = \(schemaA)").first?[
                "tableowner"
            ]
            XCTAssertEqual(value4, roleA)

            let stored = try await admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = \(roleA)").first?["rolpassword"]
            XCTAssertTrue(stored?.hasPrefix("SCRAM-SHA-256$") ?? false, "the password is stored as a SCRAM verifier")
        } catch {
            await cleanUp(admin: admin, pools: pools, roles: [roleA, roleB], schemas: [schemaA, schemaB])
            throw error
        }
        await cleanUp(admin: admin, pools: pools, roles: [roleA, roleB], schemas: [schemaA, schemaB])
    }

    func test_provision_whenRunConcurrentlyAndRepeatedly_succeeds() async throws {
        let role = TestDatabase.uniqueName("store_role")
        let schema = TestDatabase.uniqueName("store_schema")
        let admins = (0..<3).map { _ in TestDatabase.makePool(size: 1) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, admin) in admins.enumerated() {
                    group.addTask {
                        try await RoleProvisioner.provision(adminPool: admin, schema: schema, role: role, password: "secret\(index)")
                    }
                }
                try await group.waitForAll()
            }
            try await RoleProvisioner.provision(adminPool: admins[0], schema: schema, role: role, password: "final")
            let owner = try await admins[0].query(
                """
                SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = \(schema)
                """
            ).first?["owner"]
            XCTAssertEqual(owner, role)
        } catch {
            await cleanUp(admin: admins[0], pools: Array(admins.dropFirst()), roles: [role], schemas: [schema])
            throw error
        }
        await cleanUp(admin: admins[0], pools: Array(admins.dropFirst()), roles: [role], schemas: [schema])
    }

    func test_provision_whenNameTooLong_throwsInvalidInput() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { admin in
            let error = await assertStoreError {
                try await RoleProvisioner.provision(adminPool: admin, schema: String(repeating: "s", count: 64), role: "r", password: "p")
            }
            XCTAssertEqual(error?.kind, .invalidInput)
        }
    }

    private func cleanUp(admin: ConnectionPool, pools: [ConnectionPool], roles: [String], schemas: [String]) async {
        for pool in pools { await pool.close() }
        for schema in schemas {
            _ = try? await admin.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        }
        for role in roles {
            _ = try? await admin.execute("DROP OWNED BY \(identifier: role) CASCADE")
            _ = try? await admin.execute("DROP ROLE IF EXISTS \(identifier: role)")
        }
        await admin.close()
    }
}
