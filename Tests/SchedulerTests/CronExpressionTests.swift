import Foundation
import XCTest

@testable import Scheduler

/// The cron dialect against a table of expressions and expected next times (checked against an
/// independent minute-by-minute evaluation with Python's zoneinfo), including month ends, the
/// leap day, the day OR rule and both DST transitions.
final class CronExpressionTests: XCTestCase {
    static let table: [(cron: String, zone: String, after: String, next: String)] = [
        ("*/15 * * * *", "UTC", "2026-01-01T00:07:00Z", "2026-01-01T00:15:00Z"),
        ("0 0 31 * *", "UTC", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z"),  // February and its 28 days skipped
        ("0 12 29 2 *", "UTC", "2026-01-01T00:00:00Z", "2028-02-29T12:00:00Z"),  // the next leap day
        ("0 12 28-31 2 *", "UTC", "2027-02-28T13:00:00Z", "2028-02-28T12:00:00Z"),
        ("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z"),  // 2100 is no leap year
        // 29 February on a Sunday (`*/7` starts with *: AND), as croniter with day_or=False: 28 and 40 years apart.
        ("0 0 29 2 */7", "UTC", "2026-01-01T00:00:00Z", "2032-02-29T00:00:00Z"),
        ("0 0 29 2 */7", "UTC", "2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z"),
        ("0 0 29 2 */7", "UTC", "2088-02-29T00:00:00Z", "2128-02-29T00:00:00Z"),
        ("30 6 29 2 SAT", "Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-02-07T01:00:00Z"),  // February: the 29th OR Saturdays
        ("30 9 * * MON-FRI", "UTC", "2026-01-02T10:00:00Z", "2026-01-05T09:30:00Z"),  // Friday → Monday
        ("0 0 1 * MON", "UTC", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z"),  // both restricted: the 1st OR Monday
        ("0 0 15 * 5-7", "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
        ("0 0 */10 * MON", "UTC", "2026-01-01T00:00:00Z", "2026-05-11T00:00:00Z"),  // `*/10` starts with *: AND
        ("0 0 29 2 1", "UTC", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z"),
        ("0 0 * * 7", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"),  // 7 = Sunday
        ("0 2 * * 0", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T02:00:00Z"),
        ("15 10 * JAN,jul *", "UTC", "2026-01-31T12:00:00Z", "2026-07-01T10:15:00Z"),
        ("0 0 1 1 *", "UTC", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),  // year end
        ("59 23 31 12 *", "UTC", "2026-06-01T00:00:00Z", "2026-12-31T23:59:00Z"),
        ("5/20 * * * *", "UTC", "2026-01-01T00:26:00Z", "2026-01-01T00:45:00Z"),
        ("0 9-17/4 * * *", "UTC", "2026-01-01T13:00:00Z", "2026-01-01T17:00:00Z"),
        ("@hourly", "UTC", "2026-01-01T00:30:00Z", "2026-01-01T01:00:00Z"),
        // New York springs forward on 2026-03-08 at 02:00 EST (07:00Z): 02:30 does not exist → the transition.
        ("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z"),
        ("30 2 * * *", "America/New_York", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"),
        ("*/30 * * * *", "America/New_York", "2026-03-08T06:45:00Z", "2026-03-08T07:00:00Z"),
        ("*/30 * * * *", "America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"),  // 02:00, 02:30 and 03:00 fire once
        // New York falls back on 2026-11-01 at 02:00 EDT (06:00Z): 01:00–01:59 happen twice → the first only.
        ("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z"),
        ("30 1 * * *", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
        ("0 * * * *", "America/New_York", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"),
        // Berlin: spring forward 2026-03-29 02:00 CET (01:00Z), fall back 2026-10-25 03:00 CEST (01:00Z).
        ("30 2 29 3 *", "Europe/Berlin", "2026-01-01T00:00:00Z", "2026-03-29T01:00:00Z"),
        ("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"),
        ("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
    ]

    func test_nextTimes_matchTheTable() throws {
        for row in Self.table {
            let expression = try CronExpression(row.cron)
            let zone = try XCTUnwrap(TimeZone(identifier: row.zone))
            let next = expression.next(after: Self.date(row.after), in: zone)
            XCTAssertEqual(next.map(Self.text), row.next, "\(row.cron) in \(row.zone) after \(row.after)")
        }
    }

    func test_fallBackHour_firesOnce_andSpringForwardTimes_fireAtTheTransition() throws {
        let zone = try XCTUnwrap(TimeZone(identifier: "America/New_York"))
        let everyMinute = try CronExpression("* 1 * * *")
        var ticks: [Date] = []
        var cursor = Self.date("2026-11-01T04:00:00Z")
        while let next = everyMinute.next(after: cursor, in: zone), next < Self.date("2026-11-01T09:00:00Z") {
            ticks.append(next)
            cursor = next
        }
        // 60 ticks for local 01:00–01:59, all in the first (EDT) occurrence.
        XCTAssertEqual(ticks.count, 60)
        XCTAssertEqual(ticks.first.map(Self.text), "2026-11-01T05:00:00Z")
        XCTAssertEqual(ticks.last.map(Self.text), "2026-11-01T05:59:00Z")

        let gap = try CronExpression("* 2 * * *")
        let spring = gap.next(after: Self.date("2026-03-08T06:00:00Z"), in: zone)
        XCTAssertEqual(spring.map(Self.text), "2026-03-08T07:00:00Z")
        // The other 59 skipped minutes do not fire again; the next is 02:00 the following day.
        XCTAssertEqual(spring.flatMap { gap.next(after: $0, in: zone) }.map(Self.text), "2026-03-09T06:00:00Z")
    }

    func test_expressionThatNeverFires_isNil_andRefusedByValidation() throws {
        XCTAssertNil(try CronExpression("0 0 30 2 *").next(after: Self.date("2026-01-01T00:00:00Z"), in: TimeZone(identifier: "UTC")!))
        for cron in ["0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *", "15 3 30-31 FEB */2"] {
            XCTAssertThrowsError(try JobSchedule.validate(cron: cron, timezone: "Europe/Berlin", now: Self.date("2026-01-01T00:00:00Z")), cron) {
                error in
                guard case .invalid(let violations) = error as? SchedulerError else { return XCTFail("\(error)") }
                XCTAssertEqual(violations.map(\.field), ["cron"], cron)
                XCTAssertTrue(violations.first?.description.contains("never fires") ?? false, violations.first?.description ?? "")
            }
        }
    }

    func test_rareExpression_keepsItsNextRun_andValidates() throws {
        // 29 February on a Sunday after 2032 is in 2060: the schedule must not look finished in between.
        let schedule = try JobSchedule.validate(cron: "0 0 29 2 */7", timezone: "UTC", now: Self.date("2032-03-01T00:00:00Z"))
        XCTAssertEqual(schedule.next(after: Self.date("2032-02-29T00:00:00Z")).map(Self.text), "2060-02-29T00:00:00Z")
    }

    func test_parseErrors_nameTheField() {
        let cases: [(String, CronField?)] = [
            ("60 * * * *", .minute), ("* 24 * * *", .hour), ("* * 0 * *", .dayOfMonth), ("* * 32 * *", .dayOfMonth),
            ("* * * 13 *", .month), ("* * * FOO *", .month), ("* * * * 8", .dayOfWeek), ("* * * * MON-FUN", .dayOfWeek),
            ("*/0 * * * *", .minute), ("5-1 * * * *", .minute), ("1,,2 * * * *", .minute), ("* x * * *", .hour),
            ("* * *", nil), ("* * * * * *", nil), ("@often", nil),
        ]
        for (text, field) in cases {
            XCTAssertThrowsError(try CronExpression(text), text) { error in
                XCTAssertEqual((error as? CronError)?.field, field, text)
            }
        }
    }

    func test_namesAndNumbersAreEquivalent() throws {
        XCTAssertEqual(
            try CronExpression("0 0 * JAN-MAR SUN,wed").next(after: Self.date("2026-01-01T00:00:00Z"), in: .gmt),
            try CronExpression("0 0 * 1-3 0,3").next(after: Self.date("2026-01-01T00:00:00Z"), in: .gmt)
        )
        XCTAssertEqual(try CronExpression("0 0 * * 7"), try CronExpression("0 0 * * 7"))
        XCTAssertEqual(try CronExpression("  */5   *  * * * ").text, "*/5 * * * *")
    }

    func test_timeZoneValidation() {
        XCTAssertNotNil(JobSchedule.timeZone(named: "UTC"))
        XCTAssertNotNil(JobSchedule.timeZone(named: "Europe/Berlin"))
        // Names of the tz database that `TimeZone.knownTimeZoneIdentifiers` leaves out: current
        // names, `Etc/` zones and links.
        for name in [
            "Asia/Kolkata", "Etc/UTC", "Etc/GMT", "Etc/GMT-14", "Etc/GMT+12", "Asia/Saigon", "America/Buenos_Aires",
            "Asia/Ho_Chi_Minh", "America/Argentina/Buenos_Aires", "Pacific/Kiritimati",
        ] {
            XCTAssertNotNil(JobSchedule.timeZone(named: name), name)
            XCTAssertNoThrow(try JobSchedule.validate(cron: "0 9 * * *", timezone: name, now: Date()), name)
        }
        XCTAssertEqual(JobSchedule.timeZone(named: "Etc/GMT-14")?.secondsFromGMT(for: Date()), 14 * 3600)
        XCTAssertEqual(JobSchedule.timeZone(named: "Asia/Kolkata")?.secondsFromGMT(for: Date()), 5 * 3600 + 1800)
        XCTAssertNil(JobSchedule.timeZone(named: "Mars/Olympus"))
        XCTAssertNil(JobSchedule.timeZone(named: "EST"))
        XCTAssertNil(JobSchedule.timeZone(named: "GMT+5"))
        XCTAssertNil(JobSchedule.timeZone(named: "Etc/GMT+15"))
        XCTAssertNil(JobSchedule.timeZone(named: "Europe/"))
        XCTAssertNil(JobSchedule.timeZone(named: ""))
        XCTAssertThrowsError(try JobSchedule.validate(cron: "61 * * * *", timezone: "Nowhere/City", now: Date())) { error in
            XCTAssertEqual((error as? SchedulerError).map(Self.fields), ["cron", "timezone"])
        }
    }

    static func fields(_ error: SchedulerError) -> [String] {
        if case .invalid(let violations) = error { return violations.map(\.field) }
        return []
    }

    static func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
