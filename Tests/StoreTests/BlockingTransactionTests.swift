import Store
import XCTest

/// `blockingTransaction`: the same guarantees as `transaction`, with the body on one blocking thread.
final class BlockingTransactionTests: XCTestCase {
    struct Boom: Error {}

    func test_blockingTransaction_commitsAndReturnsTheBodysValue() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            let inserted = try await pool.blockingTransaction(isolation: .serializable) { tx in
                let level = try tx.query("SHOW transaction_isolation").first?["transaction_isolation"]
                XCTAssertEqual(level, "serializable")
                return try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1)), (\(2))")
            }
            XCTAssertEqual(inserted, 2)
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 2)
            XCTAssertEqual(pool.stats.inUse, 0)
        }
    }

    func test_blockingTransaction_whenBodyThrows_rollsBack_andTheConnectionIsReusable() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            do {
                try await pool.blockingTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    throw Boom()
                }
                XCTFail("expected the body's error")
            } catch is Boom {}
            // A swallowed statement error must not be reported as a commit either.
            let error = await assertStoreError {
                try await pool.blockingTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    _ = try? tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                }
            }
            XCTAssertEqual(error?.kind, .other)
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 0)
        }
    }

    func test_blockingTransaction_concurrentIncrements_withRowLocks_loseNothing() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).counter (id int PRIMARY KEY, n int NOT NULL)")
            try await pool.execute("INSERT INTO \(identifier: schema).counter VALUES (1, 0)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await pool.blockingTransaction { tx in
                            let n = try tx.query("SELECT n FROM \(identifier: schema).counter WHERE id = 1 FOR UPDATE")[0].decode("n", as: Int.self)
                            try tx.execute("UPDATE \(identifier: schema).counter SET n = \(n + 1) WHERE id = 1")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let n = try await pool.query("SELECT n FROM \(identifier: schema).counter").first?.decode("n", as: Int.self)
            XCTAssertEqual(n, 40)
        }
    }
}
