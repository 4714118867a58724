import Bus
import Contracts
import Foundation
import Logging
import Store
import Synchronization
import TestSupport
import XCTest

@testable import CodeInventory

/// Reserve's cursor over never-reserved codes: no code is ever lost behind it (imports running at
/// the same time, rows locked by others, failed transactions, codes migrated from before it), and
/// reserve's row changes stay HOT (no index on a column reserve writes).
final class ReserveCursorTests: XCTestCase {
    /// A superuser pool on the test database, for what the service's own role may not do (triggers).
    private func adminPool() -> ConnectionPool {
        var logger = Logger(label: "reserve-cursor-tests")
        logger.logLevel = .warning
        return ConnectionPool(url: CodeInventoryHarness.databaseURL, size: 2, logger: logger)
    }

    private static func reserve(_ service: CodeInventoryHarness, _ campaign: String, _ count: Int32) async throws -> Reply {
        try await service.reply("ReserveCodes", ReserveCodesRequest(campaignId: campaign, type: "tm", count: count))
    }

    func test_reserve_whileImportsOfTheSameLaneRun_handsOutEveryImportedCodeExactlyOnce() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            try await service.withReplica { replica in
                let importsDone = Flag()
                let imports = Task {
                    defer { importsDone.set() }
                    // Small chunks: every chunk is its own transaction, so the two uploads' commits interleave.
                    async let first = service.upload(CodeInventoryHarness.csv(600, prefix: "IA"), campaign: "live", chunk: 110)
                    async let second = replica.upload(CodeInventoryHarness.csv(600, prefix: "IB"), campaign: "live", chunk: 90)
                    return try await [first.inserted, second.inserted]
                }
                let handedOut = try await withThrowingTaskGroup(of: [String].self) { group in
                    for reserver in 0..<16 {
                        group.addTask {
                            let harness = reserver.isMultiple(of: 2) ? service : replica
                            var codes: [String] = []
                            var finalAttempt = false
                            while true {
                                let reply = try await Self.reserve(harness, "live", 7)
                                if reply.status == .ok {
                                    codes += try ReserveCodesReply(serializedBytes: Array(reply.body)).codes
                                } else if finalAttempt {
                                    return codes  // refused after every import had committed: nothing is left
                                } else {
                                    XCTAssertEqual(reply.status, .aborted)
                                    try await Task.sleep(for: .milliseconds(5))
                                }
                                // Read before the next reserve, so that a refusal after it is final.
                                finalAttempt = importsDone.isSet
                            }
                        }
                    }
                    var all: [String] = []
                    for try await codes in group { all += codes }
                    return all
                }
                let inserted = try await imports.value
                XCTAssertEqual(inserted, [600, 600])
                XCTAssertEqual(handedOut.count, 1_200, "every imported code was handed out")
                XCTAssertEqual(Set(handedOut).count, 1_200, "no code twice")
                let counts = try await service.counts("live")
                XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 1_200, assigned: 0))
            }
        }
    }

    func test_reserve_whenANeverReservedCodeIsLockedByAnotherTransaction_stillTakesIt_ratherThanPassingIt() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(10, prefix: "L"), campaign: "lock")
            let pool = service.runtime.database.pool
            let (locked, lockedSignal) = AsyncStream<Void>.makeStream()
            // An assign or release of a code still available holds its row like this for a moment.
            let holder = Task {
                try await pool.transaction { tx in
                    _ = try await tx.query("SELECT code FROM codes WHERE campaign_id = 'lock' AND code = 'L-000000' FOR UPDATE")
                    lockedSignal.yield()
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
            for await _ in locked { break }
            let reply = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "lock", type: "tm", count: 3),
                as: ReserveCodesReply.self
            )
            try await holder.value
            XCTAssertEqual(
                reply.codes,
                ["L-000000", "L-000001", "L-000002"],
                "the locked code is taken (reserve reads it), not left behind the cursor"
            )
            let rest = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "lock", type: "tm", count: 20),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(rest.codes, (3..<10).map { String(format: "L-%06d", $0) })
        }
    }

    func test_reserve_whenItsTransactionFails_leavesTheCursorAndTheCodesAsTheyWere() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(6, prefix: "F"), campaign: "fail")
            try await withPool(adminPool()) { admin in
                let schema = service.runtime.config.schema
                // Fails the reservation's write, after its codes were taken and the cursor moved.
                try await admin.execute(
                    """
                    CREATE FUNCTION \(identifier: schema).refuse_reservation() RETURNS trigger LANGUAGE plpgsql
                    AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$
                    """
                )
                try await admin.execute(
                    """
                    CREATE TRIGGER refuse BEFORE INSERT ON \(identifier: schema).reservations
                    FOR EACH ROW EXECUTE FUNCTION \(identifier: schema).refuse_reservation()
                    """
                )
                let refused = try await Self.reserve(service, "fail", 4)
                XCTAssertEqual(refused.status, .internal)
                try await admin.execute("DROP TRIGGER refuse ON \(identifier: schema).reservations")
            }

            let reply = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "fail", type: "tm", count: 6),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reply.codes, (0..<6).map { String(format: "F-%06d", $0) }, "the failed reservation took nothing")
            let counts = try await service.counts("fail")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 6, assigned: 0))
        }
    }

    func test_reserve_whenCodesAfterTheCursorAreNotAvailable_passesOverThem() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(10, prefix: "G"), campaign: "legacy")
            let first = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "legacy", type: "tm", count: 4),
                as: ReserveCodesReply.self
            )
            _ = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "legacy",
                    type: "tm",
                    assignments: [
                        CodeAssignment(code: first.codes[0], userId: "u-1")
                    ]
                ),
                as: AssignCodesReply.self
            )
            // As the migrations leave codes reserved before the cursor existed: written as `reserved`,
            // their reservation without a range, and the cursor at the start.
            let pool = service.runtime.database.pool
            try await pool.execute(
                """
                UPDATE codes c SET state = 'reserved', reserve_id = r.reserve_id, reserved_at = r.reserved_at
                FROM reservations r WHERE c.campaign_id = 'legacy' AND c.code = ANY(r.codes) AND c.state = 'available'
                """
            )
            try await pool.execute("UPDATE reservations SET first_seq = NULL, last_seq = NULL WHERE campaign_id = 'legacy'")
            try await pool.execute("UPDATE reserve_cursors SET reserved_through = 0 WHERE campaign_id = 'legacy'")
            let reply = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "legacy", type: "tm", count: 10),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reply.codes, (4..<10).map { String(format: "G-%06d", $0) }, "only the available ones")
            let counts = try await service.counts("legacy")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 9, assigned: 1))
        }
    }

    func test_reserve_afterAReleaseAndTheExpiryJob_takesReturnedCodesInImportOrder() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(Array("R-3\nR-1\nR-2\nR-4\n".utf8), campaign: "ret")
            let all = try await service.call("ReserveCodes", ReserveCodesRequest(campaignId: "ret", type: "tm", count: 4), as: ReserveCodesReply.self)
            XCTAssertEqual(all.codes, ["R-1", "R-2", "R-3", "R-4"])
            _ = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "ret", type: "tm", codes: ["R-4", "R-3"]),
                as: ReleaseCodesReply.self
            )
            let again = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "ret", type: "tm", count: 1),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(again.codes, ["R-3"], "returned codes in the order they were imported")
            service.clock.advance(by: 24 * 3600 + 1)
            _ = try await service.call(
                "RunJob",
                RunJobRequest(job: "release-expired-reservations"),
                as: RunJobReply.self,
                principal: .service("scheduler")
            )
            let afterExpiry = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "ret", type: "tm", count: 10),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(afterExpiry.codes, ["R-1", "R-2", "R-3", "R-4"], "every code reset by the job is found again")
            let refused = try await Self.reserve(service, "ret", 1)
            XCTAssertEqual(refused.status, .aborted)
        }
    }

    func test_reserve_ofBatchesPastAScanBucket_handsOutExactlyWhatWasAskedFor() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(2_100, prefix: "B"), campaign: "big")
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<3 { group.addTask { try await Self.reserve(service, "big", 1_000) } }
                var replies: [Reply] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            let granted = try replies.filter { $0.status == .ok }.map { try ReserveCodesReply(serializedBytes: Array($0.body)).codes }
            XCTAssertEqual(granted.map(\.count).sorted(), [100, 1_000, 1_000], "shares filled in order; the last gets the rest")
            XCTAssertEqual(Set(granted.flatMap { $0 }), Set((0..<2_100).map { String(format: "B-%06d", $0) }))
            let counts = try await service.counts("big")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 2_100, assigned: 0))
        }
    }

    func test_import_thatMoreThanDoublesTheCodesTable_refreshesItsStatistics_soCachedPlansAreReplaced() async throws {
        try await withCodeInventory { service in
            let pool = service.runtime.database.pool
            let before = try await pool.query("SELECT relpages FROM pg_class WHERE oid = 'codes'::regclass")
            XCTAssertEqual(try before[0].decode("relpages", as: Int.self), 0, "never analyzed")
            _ = try await service.upload(CodeInventoryHarness.csv(5_000, prefix: "S"), campaign: "stats")
            // ANALYZE runs after the import has answered.
            try await eventually("codes analyzed") {
                try await pool.query("SELECT relpages FROM pg_class WHERE oid = 'codes'::regclass")[0].decode("relpages", as: Int.self) > 0
            }
            let after = try await pool.query("SELECT relpages, reltuples::bigint AS tuples FROM pg_class WHERE oid = 'codes'::regclass")
            XCTAssertGreaterThan(try after[0].decode("relpages", as: Int.self), 64)
            XCTAssertEqual(try after[0].decode("tuples", as: Int.self), 5_000)
            let store = CodeImportStore(pool: pool, outbox: service.runtime.outbox, topics: EventTopics(service: service.name))
            let again = await store.refreshStatistics(after: ImportTarget(campaignId: "stats", type: .tm), logger: Logger(label: "test"))
            XCTAssertFalse(again, "not grown since, and the campaign is known")
        }
    }

    func test_import_ofACampaignTheStatisticsDoNotKnow_refreshesThem_soAssignAndReleaseLookCodesUpByKey() async throws {
        try await withCodeInventory { service in
            let pool = service.runtime.database.pool
            _ = try await service.upload(CodeInventoryHarness.csv(5_000, prefix: "O"), campaign: "old")
            // 3,000 more codes do not double the table: only the new campaign asks for statistics.
            _ = try await service.upload(CodeInventoryHarness.csv(3_000, prefix: "N"), campaign: "new")
            // ANALYZE runs after the import has answered.
            try await eventually("the statistics list the new campaign") {
                try await pool.query(
                    """
                    SELECT count(*)::int AS n FROM pg_stats
                    WHERE tablename = 'codes' AND attname = 'campaign_id' AND 'new' = ANY(most_common_vals::text::text[])
                    """
                )[0].decode("n", as: Int.self) > 0
            }
            let plan = try await pool.query(
                """
                EXPLAIN UPDATE codes SET state = 'available', returned = true
                WHERE campaign_id = 'new' AND code = ANY(ARRAY['N-000001', 'N-000002'])
                """
            )
            let text = try plan.map { try $0.decode("QUERY PLAN", as: String.self) }.joined(separator: "\n")
            XCTAssertTrue(text.contains("Index Cond: ((campaign_id = 'new'::text) AND (code = ANY"), "the listed codes looked up by key: \(text)")
            XCTAssertFalse(text.contains("Filter:"), "no code of the campaign read and filtered out: \(text)")
            let store = CodeImportStore(pool: pool, outbox: service.runtime.outbox, topics: EventTopics(service: service.name))
            let again = await store.refreshStatistics(after: ImportTarget(campaignId: "new", type: .tm), logger: Logger(label: "test"))
            XCTAssertFalse(again, "known now")
        }
    }

    func test_scanBucket_roundsUpToAFewStatementTexts_neverReadingTwiceTheCount() {
        XCTAssertEqual(CampaignCodeStore.scanBucket(1), 32)
        XCTAssertEqual(CampaignCodeStore.scanBucket(32), 32)
        XCTAssertEqual(CampaignCodeStore.scanBucket(33), 64)
        XCTAssertEqual(CampaignCodeStore.scanBucket(512), 512)
        XCTAssertEqual(CampaignCodeStore.scanBucket(513), 1_024)
        XCTAssertEqual(CampaignCodeStore.scanBucket(5_000), 8_192)
        let buckets = Set((1...5_000).map(CampaignCodeStore.scanBucket))
        XCTAssertLessThanOrEqual(buckets.count, 20)
        for count in 1...5_000 {
            let bucket = CampaignCodeStore.scanBucket(count)
            XCTAssertTrue(bucket >= count && (bucket <= 32 || bucket < 2 * count), "\(count) -> \(bucket)")
        }
    }

    func test_codesIndexes_leaveEveryColumnReserveWritesUnindexed_soItsUpdatesCanBeHOT() async throws {
        try await withCodeInventory { service in
            let rows = try await service.runtime.database.pool.query(
                """
                SELECT i.indexrelid::regclass::text AS name, a.attname AS column
                FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid
                WHERE i.indrelid = 'codes'::regclass
                  AND (a.attnum = ANY(i.indkey)
                       OR pg_get_expr(i.indpred, i.indrelid) ~ ('\\m' || a.attname || '\\M')
                       OR pg_get_expr(i.indexprs, i.indrelid) ~ ('\\m' || a.attname || '\\M'))
                """
            )
            let indexed = try rows.map { "\(try $0.decode("name", as: String.self)).\(try $0.decode("column", as: String.self))" }
            XCTAssertFalse(indexed.isEmpty)
            for column in ["state", "reserve_id", "reserved_at", "assigned_to", "assigned_at"] {
                XCTAssertFalse(indexed.contains { $0.hasSuffix(".\(column)") }, "\(column) is indexed: \(indexed)")
            }
        }
    }
}

/// A flag one task sets and others read.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
