import Store
import TestSupport
import XCTest

/// The pool prepares statements that run again in a session (see `StatementCache`).
final class PreparedStatementTests: XCTestCase {
    private func preparedTexts(_ pool: ConnectionPool) async throws -> [String] {
        try await pool.query("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time")
            .map { try $0.decode("statement", as: String.self) }
    }

    func test_query_whenRunTwice_isPreparedAndGivesTheSameAnswers() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let sql: (Int?, String) -> SQL = { number, text in "SELECT \(number)::int + 1 AS n, \(text)::text AS t" }
            var answers: [[String?]] = []
            for (number, text) in [(1, "a"), (nil, "it's"), (41, "ü")] as [(Int?, String)] {
                let row = try await pool.query(sql(number, text)).first!
                answers.append([try row.decode("n", as: Int?.self).map(String.init), try row.decode("t", as: String.self)])
            }
            XCTAssertEqual(answers, [["2", "a"], [nil, "it's"], ["42", "ü"]])
            let texts = try await preparedTexts(pool)
            XCTAssertEqual(texts, [sql(nil, "").text])
        }
    }

    func test_blockingTransaction_whenStatementRepeats_usesThePreparedStatement() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).items (id int PRIMARY KEY)")
            for id in 1...3 {
                try await pool.blockingTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: schema).items (id) VALUES (\(id))")
                }
            }
            let count = try await pool.query("SELECT count(*)::int AS n FROM \(identifier: schema).items").first!.decode("n", as: Int.self)
            XCTAssertEqual(count, 3)
            let texts = try await self.preparedTexts(pool)
            XCTAssertTrue(texts.contains { $0.hasPrefix("INSERT INTO") }, "prepared: \(texts)")
        }
    }

    func test_query_whenTableChangesShapeAfterPreparing_answersWithTheNewShape() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).items (a int)")
            try await pool.execute("INSERT INTO \(identifier: schema).items VALUES (1)")
            let select: SQL = "SELECT * FROM \(identifier: schema).items"
            for _ in 0..<3 { _ = try await pool.query(select) }
            try await pool.execute("ALTER TABLE \(identifier: schema).items ADD COLUMN b text DEFAULT 'x'")
            let row = try await pool.query(select).first!
            XCTAssertEqual(try row.decode("a", as: Int.self), 1)
            XCTAssertEqual(try row.decode("b", as: String.self), "x")
        }
    }

    func test_transaction_whenPreparedStatementWentStale_failsThatTransactionOnlyAndRecovers() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).items (a int)")
            let select: SQL = "SELECT * FROM \(identifier: schema).items"
            for _ in 0..<3 { _ = try await pool.query(select) }
            try await pool.execute("ALTER TABLE \(identifier: schema).items ADD COLUMN b int")
            // Inside a transaction the failed statement has aborted it: the error reaches the caller.
            do {
                _ = try await pool.blockingTransaction(maxAttempts: 1) { tx in try tx.query(select) }
                XCTFail("expected the stale statement to fail inside the transaction")
            } catch let error as StoreError {
                XCTAssertEqual(error.sqlState, "0A000")
            }
            let rows = try await pool.blockingTransaction { tx in try tx.query(select) }
            XCTAssertEqual(rows.count, 0)
        }
    }

    func test_pool_whenSessionIsReplaced_preparesAgainInTheNewSession() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            try await withPool(TestDatabase.makePool(size: 1)) { admin in
                let pidQuery: SQL = "SELECT pg_backend_pid() AS pid"
                let firstPID = try await pool.query(pidQuery).first!.decode("pid", as: Int.self)
                _ = try await pool.query(pidQuery)
                try await admin.execute("SELECT pg_terminate_backend(\(firstPID))")
                try await eventually("backend \(firstPID) gone") {
                    try await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(firstPID)").isEmpty
                }
                for _ in 0..<3 {
                    let pid = try await pool.query(pidQuery).first!.decode("pid", as: Int.self)
                    XCTAssertNotEqual(pid, firstPID)
                }
                let texts = try await preparedTexts(pool)
                XCTAssertEqual(texts, [pidQuery.text])
            }
        }
    }
}
