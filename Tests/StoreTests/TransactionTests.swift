import Store
import TestSupport
import XCTest

final class TransactionTests: XCTestCase {
    struct Boom: Error {}

    func test_transaction_whenBodyThrows_rollsBackAndRethrows() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            do {
                try await pool.transaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    _ = try await tx.copyIn("COPY \(identifier: schema).t (v) FROM STDIN", rows: [["2"], ["3"]])
                    throw Boom()
                }
                XCTFail("expected the body's error")
            } catch is Boom {}
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 0)
            XCTAssertEqual(pool.stats.inUse, 0)
        }
    }

    func test_transaction_whenBodySucceeds_commitsAndReturnsValue() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            let inserted = try await pool.transaction(isolation: .repeatableRead) { tx in
                try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1)), (\(2))")
            }
            XCTAssertEqual(inserted, 2)
            let level = try await pool.transaction(isolation: .serializable) { tx in
                try await tx.query("SHOW transaction_isolation").first?["transaction_isolation"]
            }
            XCTAssertEqual(level, "serializable")
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 2)
        }
    }

    func test_transaction_whenBodySwallowsStatementError_reportsRollbackInsteadOfCommit() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.transaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    _ = try? await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                }
            }
            XCTAssertEqual(error?.kind, .other)
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 0)
        }
    }

    func test_transaction_whenSerializationFails_retries() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).counter (id int PRIMARY KEY, n int NOT NULL)")
            try await pool.execute("INSERT INTO \(identifier: schema).counter VALUES (1, 0)")
            let runs = Counter()
            let barrier = Barrier(parties: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let attempts = Counter()
                        try await pool.transaction(isolation: .serializable) { tx in
                            let attempt = await attempts.increment()
                            await runs.increment()
                            let n = try await tx.query("SELECT n FROM \(identifier: schema).counter WHERE id = 1")
                                .first!.decode("n", as: Int.self)
                            // Both first attempts hold their snapshot before either writes: one must fail.
                            if attempt == 1 { await barrier.arrive() }
                            try await tx.execute("UPDATE \(identifier: schema).counter SET n = \(n + 1) WHERE id = 1")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let runCount = await runs.value
            XCTAssertGreaterThan(runCount, 2, "one body must have run again after a serialization failure")
            let n = try await pool.query("SELECT n FROM \(identifier: schema).counter WHERE id = 1").first?.decode("n", as: Int.self)
            XCTAssertEqual(n, 2, "both increments must be kept")
        }
    }

    func test_transaction_whenDeadlockDetected_retries() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).accounts (id int PRIMARY KEY, n int NOT NULL)")
            try await pool.execute("INSERT INTO \(identifier: schema).accounts VALUES (1, 0), (2, 0)")
            let runs = Counter()
            let barrier = Barrier(parties: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (first, second) in [(1, 2), (2, 1)] {
                    group.addTask {
                        let attempts = Counter()
                        try await pool.transaction { tx in
                            let attempt = await attempts.increment()
                            await runs.increment()
                            try await tx.execute("UPDATE \(identifier: schema).accounts SET n = n + 1 WHERE id = \(first)")
                            // Each holds one row lock and then asks for the other's: a deadlock.
                            if attempt == 1 { await barrier.arrive() }
                            try await tx.execute("UPDATE \(identifier: schema).accounts SET n = n + 1 WHERE id = \(second)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let runCount = await runs.value
            XCTAssertGreaterThan(runCount, 2)
            let totals = try await pool.query("SELECT n FROM \(identifier: schema).accounts ORDER BY id").map { try $0.decode("n", as: Int.self) }
            XCTAssertEqual(totals, [2, 2])
        }
    }

    func test_transaction_whenConflictPersists_givesUpAfterMaxAttempts() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let runs = Counter()
            let error = await assertStoreError {
                try await pool.transaction(maxAttempts: 3) { tx in
                    await runs.increment()
                    try await tx.execute("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$")
                }
            }
            XCTAssertEqual(error?.kind, .serializationFailure)
            let runCount = await runs.value
            XCTAssertEqual(runCount, 3)
        }
    }

    func test_withConnection_whenBodyLeavesTransactionOpen_rollsItBackOnRelease() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            try await pool.withConnection { connection in
                try await connection.execute("BEGIN")
                try await connection.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
            }
            let status = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(status, 0)
        }
    }
}
