import Foundation
import XCTest

@testable import Store

/// The hand-written timestamp text bound for every `Date`: the format Postgres reads back to the same instant.
final class PostgresTimestampTests: XCTestCase {
    func test_format_writesMillisecondsZeroPadded_flooredNotRounded() {
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: 1.9996)), "1970-01-01T00:00:01.999Z")
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.0004)), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: 1_796_597_013.042)), "2026-12-06T22:43:33.042Z")
    }

    func test_format_yearsPastFourDigitsAndBeforeOne_keepEveryDigitAndTheEra() {
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: 253_402_300_800)), "10000-01-01T00:00:00.000Z")
        let yearZero = CivilDate(year: 0, month: 1, day: 1).dayNumber * 86_400
        XCTAssertEqual(PostgresTimestamp.format(Date(timeIntervalSince1970: Double(yearZero))), "0001-01-01T00:00:00.000Z BC")
    }

    func test_format_thenParse_isTheSameInstantToTheMillisecond_acrossTwentyCenturies() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -62_000_000_000_000...32_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = PostgresTimestamp.format(date)
            let parsed = try PostgresTimestamp.parse(text)
            // A Double holds such an instant to a fraction of a microsecond, so it is floored to the
            // millisecond at or just below the one it was made from.
            XCTAssertEqual(parsed.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 0.0011, text)
            XCTAssertLessThanOrEqual(parsed.timeIntervalSince1970, date.timeIntervalSince1970, text)
        }
    }
}
