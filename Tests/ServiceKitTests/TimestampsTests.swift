import Foundation
import ServiceKit
import XCTest

final class TimestampsTests: XCTestCase {
    private let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func test_format_isFoundationsISO8601Text_forTimesNotOnAMillisecondsRoundingEdge() {
        var generator = SystemRandomNumberGenerator()
        var compared = 0
        for _ in 0..<20_000 {
            let seconds = Double.random(in: -12_212_553_600..<253_402_300_800, using: &generator)  // 1583–9999
            // Where the double lies within a hair of a whole millisecond, the two truncations may
            // fall on either side of it; the hand-written one agrees with Postgres there.
            let milliseconds = seconds * 1000
            guard abs(milliseconds - milliseconds.rounded()) > 1e-3 else { continue }
            compared += 1
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(Timestamps.format(date), date.formatted(foundation), "\(seconds)")
        }
        XCTAssertGreaterThan(compared, 19_000)
    }

    func test_format_truncatesToTheMillisecond_andRoundTripsThroughParse() throws {
        let date = Date(timeIntervalSince1970: 1_796_637_600.123_9)
        XCTAssertEqual(Timestamps.format(date), "2026-12-07T10:00:00.123Z")
        let parsed = try XCTUnwrap(Timestamps.parse(Timestamps.format(date)))
        XCTAssertEqual(Timestamps.format(parsed), "2026-12-07T10:00:00.123Z")
    }

    func test_format_outsideYears1583To9999_isFoundationsText_whichParseReadsBack() throws {
        for date in [
            Date(timeIntervalSince1970: 253_402_300_800), Date(timeIntervalSince1970: -12_212_553_601), Date(timeIntervalSince1970: -43_793_593_726),
        ] {
            XCTAssertEqual(Timestamps.format(date), date.formatted(foundation))
            XCTAssertEqual(
                try XCTUnwrap(Timestamps.parse(Timestamps.format(date))).timeIntervalSince1970,
                date.timeIntervalSince1970,
                accuracy: 0.001
            )
        }
    }
}
