import Store
import XCTest

final class ErrorMappingTests: XCTestCase {
    func test_insert_whenUniqueViolated_mapsToUniqueViolationWithConstraint() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute(
                """
                CREATE TABLE \(identifier: schema).users (email text, CONSTRAINT users_email_key UNIQUE (email))
                """
            )
            try await pool.execute("INSERT INTO \(identifier: schema).users VALUES (\("a@example.com"))")
            let error = await assertStoreError {
                try await pool.execute("INSERT INTO \(identifier: schema).users VALUES (\("a@example.com"))")
            }
            XCTAssertEqual(error?.kind, .uniqueViolation)
            XCTAssertEqual(error?.sqlState, "23505")
            XCTAssertEqual(error?.constraint, "users_email_key")
            XCTAssertNotNil(error?.detail)
            XCTAssertFalse(error?.description.contains("a@example.com") ?? true, "description must not leak values")
        }
    }

    func test_insert_whenCheckViolated_mapsToCheckViolation() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute(
                """
                CREATE TABLE \(identifier: schema).balances (points int CONSTRAINT points_not_negative CHECK (points >= 0))
                """
            )
            let error = await assertStoreError { try await pool.execute("INSERT INTO \(identifier: schema).balances VALUES (\(-1))") }
            XCTAssertEqual(error?.kind, .checkViolation)
            XCTAssertEqual(error?.sqlState, "23514")
            XCTAssertEqual(error?.constraint, "points_not_negative")
        }
    }

    func test_statements_whenOtherConstraintsFail_mapToTheirKinds() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).parent (id int PRIMARY KEY)")
            try await pool.execute(
                """
                CREATE TABLE \(identifier: schema).child (parent int NOT NULL REFERENCES \(identifier: schema).parent (id))
                """
            )
            let fk = await assertStoreError { try await pool.execute("INSERT INTO \(identifier: schema).child VALUES (\(1))") }
            XCTAssertEqual(fk?.kind, .foreignKeyViolation)
            let notNull = await assertStoreError { try await pool.execute("INSERT INTO \(identifier: schema).child VALUES (\(nil as Int?))") }
            XCTAssertEqual(notNull?.kind, .notNullViolation)
            let undefined = await assertStoreError { try await pool.query("SELECT * FROM \(identifier: schema).missing") }
            XCTAssertEqual(undefined?.kind, .undefinedTable)
            let invalid = await assertStoreError { try await pool.query("SELECT \("abc")::int") }
            XCTAssertEqual(invalid?.kind, .invalidInput)
            let syntax = await assertStoreError { try await pool.query("SELEC 1") }
            XCTAssertEqual(syntax?.kind, .other)
            XCTAssertEqual(syntax?.sqlState, "42601")
        }
    }

    func test_isRetryableTransactionConflict_isTrueOnlyForSerializationAndDeadlock() {
        XCTAssertTrue(StoreError(kind: .serializationFailure, message: "").isRetryableTransactionConflict)
        XCTAssertTrue(StoreError(kind: .deadlockDetected, message: "").isRetryableTransactionConflict)
        XCTAssertFalse(StoreError(kind: .uniqueViolation, message: "").isRetryableTransactionConflict)
    }
}
