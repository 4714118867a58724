import Store
import Synchronization
import TestSupport
import XCTest

/// `withAmbientTransaction`: everything the task runs on the pool commits (or not) together.
final class AmbientTransactionTests: XCTestCase {
    struct Boom: Error {}

    func test_joinedStatementsAndTransactions_commitTogether_andAreInvisibleUntilThen() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            try await withPool(TestDatabase.makePool(size: 1)) { other in
                try await pool.withAmbientTransaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    try await pool.transaction { nested in try await nested.execute("INSERT INTO \(identifier: schema).t VALUES (\(2))") }
                    try await pool.blockingTransaction { nested in
                        _ = try nested.queryAndCommit("INSERT INTO \(identifier: schema).t VALUES (\(3))")
                    }
                    try await pool.execute("INSERT INTO \(identifier: schema).t VALUES (\(4))")
                    let seen = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
                    XCTAssertEqual(seen, 4, "the task reads its own uncommitted writes")
                    let outside = try await other.query("SELECT count(*) AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
                    XCTAssertEqual(outside, 0, "nothing is visible before the opener commits")
                    tx.runAtCommit("INSERT INTO \(identifier: schema).t VALUES (\(5))")
                }
                let committed = try await other.query("SELECT count(*) AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
                XCTAssertEqual(committed, 5)
            }
        }
    }

    func test_failure_afterAJoinedTransaction_rollsEverythingBack() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            do {
                try await pool.withAmbientTransaction { _ in
                    try await pool.transaction { nested in try await nested.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))") }
                    throw Boom()
                }
                XCTFail("expected the body's error")
            } catch is Boom {}
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first!.decode("n", as: Int.self)
            XCTAssertEqual(count, 0, "the joined transaction's commit was the opener's, and it rolled back")
        }
    }

    func test_failedNestedTransaction_isUndoneAlone_andTheOpenerGoesOn() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int PRIMARY KEY)")
            try await pool.withAmbientTransaction { tx in
                try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                let duplicate = await assertStoreError {
                    try await pool.transaction { nested in
                        try await nested.execute("INSERT INTO \(identifier: schema).t VALUES (\(2))")
                        try await nested.execute("INSERT INTO \(identifier: schema).t VALUES (\(1))")
                    }
                }
                XCTAssertEqual(duplicate?.kind, .uniqueViolation)
                try await tx.execute("INSERT INTO \(identifier: schema).t VALUES (\(3))")
            }
            let values = try await pool.query("SELECT v FROM \(identifier: schema).t ORDER BY v").map { try $0.decode("v", as: Int.self) }
            XCTAssertEqual(values, [1, 3], "the failed nested transaction's 2 is gone, the rest committed")
        }
    }

    func test_connectionKilledBeforeCommit_runsTheWholeBodyAgain_once() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            let runs = Mutex(0)
            try await pool.withAmbientTransaction { tx in
                let run = runs.withLock {
                    $0 += 1
                    return $0
                }
                try await pool.transaction { nested in try await nested.execute("INSERT INTO \(identifier: schema).t VALUES (\(run))") }
                if run == 1 { _ = try await tx.query("SELECT pg_terminate_backend(pg_backend_pid())") }
            }
            XCTAssertEqual(runs.withLock { $0 }, 2)
            let values = try await pool.query("SELECT v FROM \(identifier: schema).t").map { try $0.decode("v", as: Int.self) }
            XCTAssertEqual(values, [2], "the first run died with its connection and left nothing")
        }
    }

    func test_plainRead_whoseConnectionDiesUnderIt_runsAgain_butAWriteDoesNot() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            try await pool.execute("CREATE SEQUENCE \(identifier: schema).kills")
            try await pool.execute(
                """
                CREATE FUNCTION \(identifier: schema).die_once() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('\(unsafeRaw: schema).kills') = 1 THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                        PERFORM pg_sleep(5);
                    END IF;
                    RETURN 7;
                END $$
                """
            )
            let read = try await pool.query("SELECT \(identifier: schema).die_once() AS v")
            XCTAssertEqual(try read.first!.decode("v", as: Int.self), 7, "the read died once and ran again")
            let write = await assertStoreError {
                try await pool.execute("INSERT INTO \(identifier: schema).t SELECT 1 FROM pg_terminate_backend(pg_backend_pid())")
            }
            XCTAssertTrue(write?.isConnectionLoss == true, "\(String(describing: write))")
        }
    }
}
