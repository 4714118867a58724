import Foundation
import Store
import XCTest

final class CivilDateTests: XCTestCase {
    func test_dayNumber_andBack_isTheSameDate_acrossFourHundredYearsEitherSideOfTheEpoch() {
        for day in stride(from: -146_097 * 5, through: 146_097 * 5, by: 37) {
            XCTAssertEqual(CivilDate(dayNumber: day).dayNumber, day)
        }
        XCTAssertEqual(CivilDate(dayNumber: 0), CivilDate(year: 1970, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 2000, month: 2, day: 29).dayNumber + 1, CivilDate(year: 2000, month: 3, day: 1).dayNumber)
        XCTAssertEqual(CivilDate(year: 1900, month: 2, day: 28).dayNumber + 1, CivilDate(year: 1900, month: 3, day: 1).dayNumber)
    }

    func test_agreesWithFoundationsGregorianCalendarInUTC_sinceTheGregorianReform() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let day = Int.random(in: -140_000...200_000, using: &generator)  // 1586–2517: Foundation turns Julian before 1582
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            let civil = CivilDate(dayNumber: day)
            XCTAssertEqual([civil.year, civil.month, civil.day], [parts.year!, parts.month!, parts.day!], "day \(day)")
            XCTAssertEqual(CivilDate.weekday(ofDayNumber: day), parts.weekday! - 1, "day \(day)")
        }
    }

    func test_isoDate_isPostgresDateText_zeroPadded() {
        XCTAssertEqual(CivilDate(year: 2026, month: 12, day: 7).isoDate, "2026-12-07")
        XCTAssertEqual(CivilDate(year: 987, month: 1, day: 31).isoDate, "0987-01-31")
        XCTAssertEqual(CivilDate(year: 10_000, month: 1, day: 1).isoDate, "10000-01-01")
    }
}
