import Foundation
import Store
import TestSupport
import XCTest

final class ValueRoundTripTests: XCTestCase {
    static let trickyStrings = [
        "'); DROP TABLE x; --",
        "Robert'); DROP TABLE students;--",
        "it's \"quoted\" and 'single'",
        "back\\slash \\' \\\\ end\\",
        "$1 $2 ${x} $$dollar$$",
        "ünïcødé ✓ 😀 中文 עברית",
        "tab\tnewline\ncr\r",
        "",
        "   ",
        "NULL",
    ]

    func test_query_whenValuesContainSQL_roundTripsThemVerbatim() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).notes (id int PRIMARY KEY, body text NOT NULL)")
            for (id, value) in Self.trickyStrings.enumerated() {
                try await pool.execute("INSERT INTO \(identifier: schema).notes (id, body) VALUES (\(id), \(value))")
            }
            let rows = try await pool.query("SELECT id, body FROM \(identifier: schema).notes ORDER BY id")
            XCTAssertEqual(try rows.map { try $0.decode("body", as: String.self) }, Self.trickyStrings)
            // The table survived every one of them.
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).notes").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, Self.trickyStrings.count)
            let selected = try await pool.query("SELECT \(Self.trickyStrings[0]) AS v")
            XCTAssertEqual(selected.first?["v"], Self.trickyStrings[0])
        }
    }

    func test_identifier_whenNameHasQuotes_createsAndFindsThatTable() async throws {
        try await TestDatabase.withSchema { pool, schema in
            let table = "we\"ird; DROP TABLE x; --"
            try await pool.execute("CREATE TABLE \(identifier: schema).\(identifier: table) (v int)")
            try await pool.execute("INSERT INTO \(identifier: schema).\(identifier: table) VALUES (\(1))")
            let names = try await pool.query("SELECT tablename FROM pg_tables WHERE schemaname = \(schema)")
            XCTAssertEqual(names.map { $0["tablename"] }, [table])
        }
    }

    func test_query_whenParameterContainsNul_failsWithInvalidInput() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let error = await assertStoreError { try await pool.query("SELECT \("a\u{0}b") AS v") }
            XCTAssertEqual(error?.kind, .invalidInput)
        }
    }

    func test_typedValues_roundTripThroughPostgres() async throws {
        try await withPool(TestDatabase.makePool(size: 2)) { pool in
            let id = UUID()
            let date = Date(timeIntervalSince1970: 1_714_566_600.123)
            let bytes: [UInt8] = [0, 1, 0x5c, 0x27, 0xff, 0x0a]
            let strings = ["a", "b\"c", "d\\e", "NULL", "", "x,y {}", "😀", "'); DROP TABLE x; --"]
            let row = try await pool.query(
                """
                SELECT \(Int.max)::int8 AS big, \(Int32.min)::int4 AS small, \(true)::bool AS yes, \(false)::bool AS no,
                       \(3.25)::float8 AS real, \(Double.infinity)::float8 AS inf, \(id)::uuid AS id,
                       \(date)::timestamptz AS at, \(bytes)::bytea AS bytes, \(Data(bytes))::bytea AS data,
                       \(strings)::text[] AS strings, \([Int64(1), -2, 3])::int8[] AS numbers,
                       \(nil as Int?)::int AS nothing, \("0.1")::numeric AS decimal
                """
            ).first
            let values = try XCTUnwrap(row)
            XCTAssertEqual(try values.decode("big", as: Int.self), Int.max)
            XCTAssertEqual(try values.decode("small", as: Int32.self), Int32.min)
            XCTAssertEqual(try values.decode("yes", as: Bool.self), true)
            XCTAssertEqual(try values.decode("no", as: Bool.self), false)
            XCTAssertEqual(try values.decode("real", as: Double.self), 3.25)
            XCTAssertEqual(try values.decode("inf", as: Double.self), .infinity)
            XCTAssertEqual(try values.decode("id", as: UUID.self), id)
            XCTAssertEqual(try values.decode("at", as: Date.self), date)
            XCTAssertEqual(try values.decode("bytes", as: [UInt8].self), bytes)
            XCTAssertEqual(try values.decode("data", as: Data.self), Data(bytes))
            XCTAssertEqual(try values.decode("strings", as: [String].self), strings)
            XCTAssertEqual(try values.decode("numbers", as: [Int64].self), [1, -2, 3])
            XCTAssertNil(try values.decodeIfPresent("nothing", as: Int.self))
            XCTAssertNil(try values.decode("nothing", as: Int?.self))
            XCTAssertEqual(values["decimal"], "0.1")
        }
    }

    func test_decode_whenValueIsNull_throwsDecoding() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let row = try await pool.query("SELECT NULL::int AS n, 'x' AS s").first
            for column in ["n", "s", "missing"] {
                XCTAssertThrowsError(try row?.decode(column, as: Int.self), column) { error in
                    XCTAssertEqual((error as? StoreError)?.kind, .decoding)
                }
            }
        }
    }

    func test_timestamptz_whenSessionReportsOffsets_decodesToSameInstant() async throws {
        try await withPool(TestDatabase.makePool(size: 1)) { pool in
            let row = try await pool.query(
                """
                SELECT '2024-03-01 15:30:00.5+05:30'::timestamptz AS at,
                       to_char('2024-03-01 10:00:00.5+00'::timestamptz AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD HH24:MI:SS.MS') || '+05:30' AS shifted
                """
            ).first
            XCTAssertEqual(try row?.decode("at", as: Date.self).timeIntervalSince1970, 1_709_287_200.5)
            XCTAssertEqual(try row?.decode("shifted", as: Date.self).timeIntervalSince1970, 1_709_287_200.5)
        }
    }

    func test_execute_returnsAffectedRowCount() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v int)")
            let inserted = try await pool.execute("INSERT INTO \(identifier: schema).t SELECT generate_series(1, 7)")
            XCTAssertEqual(inserted, 7)
            let deleted = try await pool.execute("DELETE FROM \(identifier: schema).t WHERE v > \(4)")
            XCTAssertEqual(deleted, 3)
            let result = try await pool.query("SELECT v FROM \(identifier: schema).t ORDER BY v")
            XCTAssertEqual(result.columns, ["v"])
            XCTAssertEqual(result.count, 4)
            XCTAssertEqual(result.first?["v"], "1")
        }
    }
}
