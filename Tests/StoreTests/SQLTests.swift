import XCTest

@testable import Store

final class SQLTests: XCTestCase {
    func test_interpolation_bindsValuesAsPlaceholders() {
        let name = "x'); DROP TABLE users; --"
        let sql: SQL = "SELECT * FROM users WHERE name = \(name) AND age > \(21)"
        XCTAssertEqual(sql.text, "SELECT * FROM users WHERE name = $1 AND age > $2")
        XCTAssertEqual(sql.binds, [name, "21"])
    }

    func test_interpolation_bindsNilOptionalAsNull() {
        let missing: Int? = nil
        let present: String? = "a"
        let sql: SQL = "VALUES (\(missing), \(present))"
        XCTAssertEqual(sql.text, "VALUES ($1, $2)")
        XCTAssertEqual(sql.binds, [nil, "a"])
    }

    func test_identifier_isQuotedAndEscaped() {
        let sql: SQL = "SELECT * FROM \(identifier: "my schema").\(identifier: "ta\"ble")"
        XCTAssertEqual(sql.text, "SELECT * FROM \"my schema\".\"ta\"\"ble\"")
        XCTAssertTrue(sql.binds.isEmpty)
    }

    func test_identifier_escapesQuoteFollowedByCombiningMark() {
        // `"` + U+0301 is a single Character in Swift but still a bare quote byte for Postgres.
        let sql: SQL = "\(identifier: "a\"\u{301}b")"
        XCTAssertEqual(sql.text, "\"a\"\"\u{301}b\"")
    }

    func test_unsafeRaw_insertsTextVerbatim() {
        let sql: SQL = "SELECT \(unsafeRaw: "now()")"
        XCTAssertEqual(sql.text, "SELECT now()")
        XCTAssertTrue(sql.binds.isEmpty)
    }

    func test_plus_renumbersPlaceholdersOfRightHandSide() {
        let sql: SQL = "SELECT \(1), \(2)" + " WHERE a = \(3)"
        XCTAssertEqual(sql.text, "SELECT $1, $2 WHERE a = $3")
        XCTAssertEqual(sql.binds, ["1", "2", "3"])
    }

    func test_plus_leavesDollarDigitsInsideLiteralsAlone() {
        let sql: SQL = "SELECT '$1' || \(1)" + " || '$2' || \(2)"
        XCTAssertEqual(sql.text, "SELECT '$1' || $1 || '$2' || $2")
    }

    func test_nestedInterpolation_renumbersPlaceholders() {
        let condition: SQL = "b = \(7)"
        let sql: SQL = "SELECT \(1) WHERE \(condition) AND c = \(9)"
        XCTAssertEqual(sql.text, "SELECT $1 WHERE b = $2 AND c = $3")
        XCTAssertEqual(sql.binds, ["1", "7", "9"])
    }

    func test_joined_separatesAndRenumbers() {
        let rows: [SQL] = [1, 2, 3].map { "(\($0))" }
        let sql: SQL = "INSERT INTO t VALUES " + rows.joined(separator: ", ")
        XCTAssertEqual(sql.text, "INSERT INTO t VALUES ($1), ($2), ($3)")
    }

    func test_joined_withBoundSeparator_keepsEveryBindInOrder() {
        let parts: [SQL] = ["a = \(1)", "b = \(2)", "c = \(3)"]
        let sql = parts.joined(separator: " OR x = \(0) OR ")
        XCTAssertEqual(sql.text, "a = $1 OR x = $2 OR b = $3 OR x = $4 OR c = $5")
        XCTAssertEqual(sql.binds, ["1", "0", "2", "0", "3"])
        XCTAssertEqual([SQL]().joined().text, "")
    }

    func test_description_redactsValues() {
        let secret = "hunter2"
        let sql: SQL = "UPDATE users SET password = \(secret), note = \(nil as String?)"
        XCTAssertEqual(sql.description, "UPDATE users SET password = $1, note = $2 [$1=<redacted>, $2=NULL]")
        XCTAssertFalse("\(sql)".contains(secret))
    }

    func test_encoding_ofArraysQuotesEveryElement() {
        XCTAssertEqual(["a", "b\"c", "d\\e", "NULL", "", "x,y{}"].sqlText, #"{"a","b\"c","d\\e","NULL","","x,y{}"}"#)
        XCTAssertEqual([Int64]().sqlText, "{}")
        XCTAssertEqual([Int64(1), -2].sqlText, #"{"1","-2"}"#)
        XCTAssertEqual(["ünï 😀", "й\"ё"].sqlText, #"{"ünï 😀","й\"ё"}"#, "multi-byte text passes through byte for byte")
    }

    func test_nulBytes_areFoundInTextAndParameters() throws {
        XCTAssertFalse("plain ünï".containsNUL)
        XCTAssertFalse("".containsNUL)
        XCTAssertTrue("a\u{0}b".containsNUL)
        XCTAssertThrowsError(try Connection.validate("SELECT \("x\u{0}y")"))
        XCTAssertNoThrow(try Connection.validate("SELECT \("xy")"))
    }

    func test_encoding_ofDateIsUTCWithMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_714_566_600.1239)
        XCTAssertEqual(date.sqlText, "2024-05-01T12:30:00.123Z")
        XCTAssertEqual(Date(timeIntervalSince1970: -0.5).sqlText, "1969-12-31T23:59:59.500Z")
    }

    func test_decoding_ofTimestampsHandlesOffsetsAndFractions() throws {
        let base = Date(timeIntervalSince1970: 1_709_287_200)  // 2024-03-01 10:00:00 UTC
        XCTAssertEqual(try Date(sqlText: "2024-03-01 10:00:00+00"), base)
        XCTAssertEqual(try Date(sqlText: "2024-03-01 15:30:00+05:30"), base)
        XCTAssertEqual(try Date(sqlText: "2024-03-01 02:00:00-08"), base)
        XCTAssertEqual(try Date(sqlText: "2024-03-01T10:00:00Z"), base)
        XCTAssertEqual(try Date(sqlText: "2024-03-01 10:00:00"), base)
        XCTAssertEqual(try Date(sqlText: "2024-03-01").timeIntervalSince1970, 1_709_251_200)
        XCTAssertEqual(try Date(sqlText: "2024-03-01 10:00:00.25+00").timeIntervalSince1970, 1_709_287_200.25, accuracy: 1e-6)
        XCTAssertEqual(try Date(sqlText: "infinity"), .distantFuture)
        XCTAssertThrowsError(try Date(sqlText: "yesterday"))
    }

    func test_decoding_ofBytesAcceptsHexAndEscapeForms() throws {
        XCTAssertEqual(try [UInt8](sqlText: "\\x00ff10"), [0, 255, 16])
        XCTAssertEqual(try [UInt8](sqlText: "a\\\\b\\001"), [97, 92, 98, 1])
        XCTAssertEqual([UInt8]([0, 255]).sqlText, "\\x00ff")
        XCTAssertThrowsError(try [UInt8](sqlText: "\\x0"))
    }

    func test_decoding_ofArraysParsesQuotingAndNull() throws {
        XCTAssertEqual(try [String](sqlText: #"{a,"b c","d\"e","f\\g",""}"#), ["a", "b c", "d\"e", "f\\g", ""])
        XCTAssertEqual(try [Int64](sqlText: "{1,-2,3}"), [1, -2, 3])
        XCTAssertEqual(try [Int64](sqlText: "{}"), [])
        XCTAssertThrowsError(try [String](sqlText: "{a,NULL}"))
        XCTAssertThrowsError(try [Int64](sqlText: "{{1,2},{3,4}}"))
    }
}
