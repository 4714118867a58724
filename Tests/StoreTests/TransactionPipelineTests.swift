import Store
import XCTest

/// `transaction` sends BEGIN with the body's first statement: the transaction must still start
/// before that statement, at the requested isolation, whatever the statement is.
final class TransactionPipelineTests: XCTestCase {
    struct Boom: Error {}

    private func count(_ pool: ConnectionPool, _ schema: String) async throws -> Int {
        try await pool.query("SELECT count(*)::int AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
    }

    func test_transaction_firstStatement_runsInsideTheTransaction_atTheRequestedIsolation() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let level = try await pool.transaction(isolation: .repeatableRead) { tx in
                try await tx.query("SHOW transaction_isolation").first?["transaction_isolation"]
            }
            XCTAssertEqual(level, "repeatable read")
            do {
                try await pool.transaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    throw Boom()
                }
                XCTFail("expected the body's error")
            } catch is Boom {}
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 0, "the first statement was rolled back with the transaction")
        }
    }

    func test_transaction_whenTheFirstStatementFails_rollsBack_andTheSessionStaysUsable() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.transaction { tx in try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1)::int / \(0)::int)") }
            }
            XCTAssertEqual(error?.sqlState, "22012")
            try await pool.transaction { tx in try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(2))") }
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 1)
        }
    }

    func test_transaction_copyInAsFirstStatement_isRolledBackWithTheTransaction() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            do {
                try await pool.transaction { tx in
                    _ = try await tx.copyIn("COPY \(identifier: schema).t (v) FROM STDIN", rows: [["1"], ["2"]])
                    throw Boom()
                }
                XCTFail("expected the body's error")
            } catch is Boom {}
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 0)
        }
    }

    func test_transaction_withoutStatements_returnsTheBodysValue() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let value = try await pool.transaction { _ in 42 }
            XCTAssertEqual(value, 42)
            XCTAssertEqual(pool.stats.inUse, 0)
        }
    }
}
