import Store
import TestSupport
import XCTest

final class ConnectionPoolWarmUpTests: XCTestCase {
    /// Sessions of this pool as the server sees them (the query itself uses one of them).
    private func sessions(_ pool: ConnectionPool, tag: String) async throws -> Int {
        try await pool.query(
            """
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = \(tag)
            """
        ).first!.decode("n", as: Int.self)
    }

    func test_warmUp_opensTheRequestedSessions_andReturnsThemIdle() async throws {
        let tag = "warm-\(UInt32.random(in: 0...UInt32.max))"
        try await withPool(
            ConnectionPool(
                url: TestDatabase.url + (TestDatabase.url.contains("?") ? "&" : "?") + "application_name=\(tag)",
                size: 4,
                logger: TestDatabase.logger
            )
        ) { pool in
            let opened = await pool.warmUp(connections: 3)
            XCTAssertEqual(opened, 3)
            XCTAssertEqual(pool.stats.inUse, 0)
            XCTAssertEqual(pool.stats.idle, 3)
            let count = try await sessions(pool, tag: tag)
            XCTAssertEqual(count, 3, "the query reuses a warm session instead of opening a fourth")
            let more = await pool.warmUp(connections: 10)
            XCTAssertEqual(more, 1, "only the one slot left unopened, never more than the size")
            XCTAssertEqual(pool.stats.idle, 4)
        }
    }

    func test_warmUp_whenServerIsDown_opensNothing_andLeavesTheSlotsUsable() async throws {
        try await withPool(
            ConnectionPool(
                url: "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=5",
                size: 2,
                logger: TestDatabase.logger
            )
        ) { pool in
            let opened = await pool.warmUp(connections: 2)
            XCTAssertEqual(opened, 0)
            XCTAssertEqual(pool.stats.inUse, 0)
            XCTAssertEqual(pool.stats.waiting, 0)
            let pinged = await pool.ping()
            XCTAssertFalse(pinged)
        }
    }
}
