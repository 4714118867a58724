import Store
import TestSupport
import XCTest

final class ConnectionPoolTests: XCTestCase {
    func test_pool_whenSize2_serves50ConcurrentQueries() async throws {
        try await withPool(TestDatabase.makePool(size: 2)) { pool in
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        try await pool.query("SELECT \(i)::int AS i, pg_sleep(0.001)").first!.decode("i", as: Int.self)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            XCTAssertEqual(results.sorted(), Array(0..<50))
            let stats = pool.stats
            XCTAssertEqual(stats.size, 2)
            XCTAssertEqual(stats.inUse, 0)
            XCTAssertEqual(stats.waiting, 0)
            XCTAssertLessThanOrEqual(stats.idle, 2)
        }
    }

    func test_pool_whenAllConnectionsBusy_queuesCallersUntilRelease() async throws {
        try await withPool(TestDatabase.makePool(size: 2)) { pool in
            let gate = Gate()
            let holders = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await pool.withConnection { connection in
                                try await connection.execute("SELECT 1")
                                await gate.wait()
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await eventually("both connections leased") { pool.stats.inUse == 2 }
            let waiters = Task {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<5 { group.addTask { await pool.ping() } }
                    return try await group.reduce(true) { $0 && $1 }
                }
            }
            try await eventually("five callers queued") { pool.stats.waiting == 5 }
            await gate.open()
            try await holders.value
            let allPinged = try await waiters.value
            XCTAssertTrue(allPinged)
            XCTAssertEqual(pool.stats, PoolStats(size: 2, inUse: 0, idle: 2, waiting: 0))
        }
    }

    func test_pool_whenPortIsClosed_failsWithConnectionFailureAndPingIsFalse() async throws {
        try await withPool(
            ConnectionPool(
                url: "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=5",
                size: 1,
                logger: TestDatabase.logger
            )
        ) { pool in
            let error = await assertStoreError { try await pool.query("SELECT 1") }
            XCTAssertEqual(error?.kind, .connectionFailure)
            let pinged = await pool.ping()
            XCTAssertFalse(pinged)
            XCTAssertEqual(pool.stats.inUse, 0, "a failed open must give the slot back")
        }
    }

    func test_pool_whenServerEndsSession_reconnectsOnNextUse() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            try await withPool(TestDatabase.makePool(size: 1)) { admin in
                let firstPID = try await pool.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
                try await admin.execute("SELECT pg_terminate_backend(\(firstPID))")
                try await eventually("backend \(firstPID) gone") {
                    try await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(firstPID)").isEmpty
                }
                let secondPID = try await pool.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
                XCTAssertNotEqual(firstPID, secondPID)
            }
        }
    }

    func test_pool_whenSessionDiesMidTransaction_failsThenRecovers() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            try await withPool(TestDatabase.makePool(size: 1)) { admin in
                let error = await assertStoreError {
                    try await pool.transaction { tx in
                        let pid = try await tx.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
                        try await admin.execute("SELECT pg_terminate_backend(\(pid))")
                        try await eventually("backend \(pid) gone") {
                            try await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(pid)").isEmpty
                        }
                        try await tx.execute("SELECT 1")
                    }
                }
                XCTAssertTrue(error?.isConnectionLoss ?? false, "got \(String(describing: error))")
                let pinged = await pool.ping()
                XCTAssertTrue(pinged)
            }
        }
    }

    func test_query_whenTaskCancelled_cancelsStatementAndConnectionStaysUsable() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            try await withPool(TestDatabase.makePool(size: 1)) { admin in
                let marker = TestDatabase.uniqueName("sleeper")
                let sleeper = Task {
                    try await pool.query("SELECT pg_sleep(60), \(marker)::text")
                }
                try await eventually("statement running") {
                    try await !admin.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE \("%pg_sleep(60)%")")
                        .isEmpty
                }
                sleeper.cancel()
                do {
                    _ = try await sleeper.value
                    XCTFail("a cancelled statement must not succeed")
                } catch let error as StoreError {
                    XCTAssertEqual(error.kind, .queryCanceled)
                } catch is CancellationError {}
                let pinged = await pool.ping()
                XCTAssertTrue(pinged)
            }
        }
    }

    func test_pool_whenClosed_rejectsFurtherQueries() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let pinged = await pool.ping()
            XCTAssertTrue(pinged)
            await pool.close()
            let error = await assertStoreError { try await pool.query("SELECT 1") }
            XCTAssertEqual(error?.kind, .poolClosed)
        }
    }

    func test_pool_whenUserOverridden_connectsAsThatUser() async throws {
        try await withPool(TestDatabase.makePool(size: 1, user: "postgres")) { pool in
            let user = try await pool.query("SELECT current_user AS u").first?["u"]
            XCTAssertEqual(user, "postgres")
        }
    }
}
