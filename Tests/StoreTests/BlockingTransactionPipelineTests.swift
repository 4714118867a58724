import Foundation
import Store
import Synchronization
import XCTest

/// `blockingTransaction` sends BEGIN with the first statement and `queryAndCommit` sends COMMIT
/// with the last (libpq pipeline mode): the transaction's guarantees must not change.
final class BlockingTransactionPipelineTests: XCTestCase {
    private func count(_ pool: ConnectionPool, _ schema: String) async throws -> Int {
        try await pool.query("SELECT count(*)::int AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
    }

    func test_queryAndCommit_commitsWithTheLastStatement_andReturnsItsRows() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let returned = try await pool.blockingTransaction { tx in
                try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                return try tx.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(2)), (\(3)) RETURNING v")
                    .map { try $0.decode("v", as: Int.self) }
            }
            XCTAssertEqual(returned, [2, 3])
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 3)
        }
    }

    func test_queryAndCommit_whenTheLastStatementFails_rollsBackTheWholeTransaction() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.blockingTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    _ = try tx.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                }
            }
            XCTAssertEqual(error?.kind, .uniqueViolation)
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 0)
            // The one session is idle again and takes the next transaction.
            try await pool.blockingTransaction { tx in _ = try tx.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(7))") }
            let after = try await self.count(pool, schema)
            XCTAssertEqual(after, 1)
        }
    }

    func test_queryAll_runsItsStatementsInOrder_withinTheTransaction() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let (setting, rows) = try await pool.blockingTransaction { tx in
                let results = try tx.queryAll([
                    "SET LOCAL plan_cache_mode = force_generic_plan",
                    "INSERT INTO \(identifier: schema).t VALUES (\(4)), (\(5)) RETURNING v",
                    "SELECT current_setting('plan_cache_mode') AS mode",
                ])
                XCTAssertEqual(results.count, 3)
                return (try results[2].first?.decode("mode", as: String.self), try results[1].map { try $0.decode("v", as: Int.self) })
            }
            XCTAssertEqual(setting, "force_generic_plan")
            XCTAssertEqual(rows, [4, 5])
            // SET LOCAL ended with the transaction; the session is back to the default.
            let after = try await pool.query("SELECT current_setting('plan_cache_mode') AS mode").first?.decode("mode", as: String.self)
            XCTAssertEqual(after, "auto")
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 2)
        }
    }

    func test_queryAll_whenALaterStatementFails_writesNothing() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.blockingTransaction { tx in
                    _ = try tx.queryAll(["INSERT INTO \(identifier: schema).t VALUES (\(1))", "INSERT INTO \(identifier: schema).t VALUES (\(1))"])
                }
            }
            XCTAssertEqual(error?.kind, .uniqueViolation)
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 0)
        }
    }

    func test_blockingTransaction_whenTheFirstStatementFails_writesNothing_andTheSessionStaysUsable() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.blockingTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1)::int / \(0)::int)")
                }
            }
            XCTAssertEqual(error?.sqlState, "22012")
            let level = try await pool.blockingTransaction(isolation: .repeatableRead) { tx in
                try tx.query("SHOW transaction_isolation").first?["transaction_isolation"]
            }
            XCTAssertEqual(level, "repeatable read")
            let stored = try await self.count(pool, schema)
            XCTAssertEqual(stored, 0)
        }
    }

    func test_blockingTransaction_statementAfterQueryAndCommit_isRefused_andTheCommitStands() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.blockingTransaction { tx in
                    _ = try tx.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    try tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(2))")
                }
            }
            XCTAssertEqual(error?.kind, .other)
            let values = try await pool.query("SELECT v FROM \(identifier: schema).t").map { try $0.decode("v", as: Int.self) }
            XCTAssertEqual(values, [1])
        }
    }

    func test_queryAndCommit_whenSerializableCommitsConflict_theLoserIsRetried() async throws {
        try await TestDatabase.withSchema(poolSize: 2) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            let barrier = BlockingBarrier(parties: 2)
            let attempts = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for v in 1...2 {
                    group.addTask {
                        let first = Mutex(true)
                        try await pool.blockingTransaction(isolation: .serializable) { tx in
                            // Write skew: both read the table before either writes, so one of the two
                            // serializable transactions must fail (40001) and run again.
                            let sum = try tx.query("SELECT coalesce(sum(v), 0)::int AS s FROM \(identifier: schema).t")[0].decode("s", as: Int.self)
                            if first.withLock({ $0 }) {
                                first.withLock { $0 = false }
                                barrier.arrive()
                            }
                            _ = try tx.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(v * 10 + sum))")
                        }
                        await attempts.increment()
                    }
                }
                try await group.waitForAll()
            }
            let values = try await pool.query("SELECT v FROM \(identifier: schema).t ORDER BY v").map { try $0.decode("v", as: Int.self) }
            // The winner saw an empty table; the loser's retry saw the winner's row.
            XCTAssertEqual(values.count, 2)
            XCTAssertTrue(values == [10, 30] || values == [20, 30], "values: \(values)")
            let finished = await attempts.value
            XCTAssertEqual(finished, 2)
        }
    }
}

/// A barrier for bodies that run on blocking threads (they cannot `await`).
private final class BlockingBarrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) {
        self.parties = parties
    }

    /// Waits until `parties` threads have arrived (at most 10 s, so a broken test cannot hang).
    func arrive() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived >= parties {
            condition.broadcast()
            return
        }
        let deadline = Date().addingTimeInterval(10)
        while arrived < parties && condition.wait(until: deadline) {}
    }
}
