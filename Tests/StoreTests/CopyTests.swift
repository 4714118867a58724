import Store
import XCTest

final class CopyTests: XCTestCase {
    static let tricky: [String?] = [
        "plain", "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "", nil,
        "ünï 😀", "quote ' and \" and ,", "\\t literal", "end with backslash\\", "\r\n\t\\",
    ]

    func test_copyIn_whenValuesAreTricky_roundTrips100kRows() async throws {
        try await TestDatabase.withSchema { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).bulk (id int PRIMARY KEY, a text, b text)")
            let count = 100_000
            let copied = try await pool.transaction { tx in
                // Lazy: rows are produced while they are sent, never all in memory at once.
                let rows = (0..<count).lazy.map { i -> [String?] in
                    [String(i), Self.tricky[i % Self.tricky.count], Self.tricky[(i / 7) % Self.tricky.count]]
                }
                return try await tx.copyIn("COPY \(identifier: schema).bulk (id, a, b) FROM STDIN", rows: rows)
            }
            XCTAssertEqual(copied, count)
            let result = try await pool.query("SELECT id, a, b FROM \(identifier: schema).bulk ORDER BY id")
            XCTAssertEqual(result.count, count)
            var mismatches = 0
            for (i, row) in result.enumerated() {
                if row["id"] != String(i) || row["a"] != Self.tricky[i % Self.tricky.count]
                    || row["b"] != Self.tricky[(i / 7) % Self.tricky.count]
                {
                    mismatches += 1
                }
            }
            XCTAssertEqual(mismatches, 0)
        }
    }

    func test_copyIn_whenServerRejectsRow_failsAndConnectionStaysUsable() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY)")
            let error = await assertStoreError {
                try await pool.withConnection { connection in
                    try await connection.copyIn("COPY \(identifier: schema).t (id) FROM STDIN", rows: [["1"], ["2"], ["1"]])
                }
            }
            XCTAssertEqual(error?.kind, .uniqueViolation)
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 0)
        }
    }

    func test_copyIn_whenFieldContainsNul_abortsWithInvalidInput() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v text)")
            let error = await assertStoreError {
                try await pool.withConnection { connection in
                    let rows = (0..<50_000).lazy.map { i -> [String?] in [i == 40_000 ? "a\u{0}b" : "row \(i)"] }
                    return try await connection.copyIn("COPY \(identifier: schema).t (v) FROM STDIN", rows: rows)
                }
            }
            XCTAssertEqual(error?.kind, .invalidInput)
            let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.decode("n", as: Int.self)
            XCTAssertEqual(count, 0)
        }
    }

    func test_query_whenStatementIsCopyFromStdin_failsAndConnectionStaysUsable() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            try await pool.execute("CREATE TABLE \(identifier: schema).t (v text)")
            let error = await assertStoreError { try await pool.query("COPY \(identifier: schema).t FROM STDIN") }
            XCTAssertEqual(error?.kind, .invalidInput)
            let pinged = await pool.ping()
            XCTAssertTrue(pinged)
        }
    }
}
