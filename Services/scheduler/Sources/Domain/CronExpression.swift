import Foundation

/// A parsed 5-field cron expression: minute hour day-of-month month day-of-week.
///
/// Dialect: Vixie cron. Lists, ranges, steps, `*/n`, names JAN–DEC and SUN–SAT, 0 and 7 = Sunday,
/// and the macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`.
/// When both day fields are restricted (neither starts with `*`) a day matches if **either**
/// matches (`0 0 1 * MON` = the 1st and every Monday); otherwise both must match.
public struct CronExpression: Sendable, Equatable {
    /// The expression as written (macros expanded).
    public let text: String
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    let daysOfWeek: UInt64
    /// Whether day-of-month / day-of-week begin with `*` (the OR rule applies only when neither does).
    let dayOfMonthStar: Bool
    let dayOfWeekStar: Bool

    static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `text`; a wrong field is named in the error.
    public init(_ text: String) throws(CronError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded: String
        if trimmed.hasPrefix("@") {
            guard let macro = Self.macros[trimmed.lowercased()] else { throw CronError(nil, "unknown macro \(trimmed)") }
            expanded = macro
        } else {
            expanded = trimmed
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(nil, "needs 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        self.text = fields.joined(separator: " ")
        minutes = try CronFieldParser.parse(fields[0], .minute)
        hours = try CronFieldParser.parse(fields[1], .hour)
        daysOfMonth = try CronFieldParser.parse(fields[2], .dayOfMonth)
        months = try CronFieldParser.parse(fields[3], .month)
        daysOfWeek = try CronFieldParser.parse(fields[4], .dayOfWeek)
        dayOfMonthStar = fields[2].hasPrefix("*")
        dayOfWeekStar = fields[4].hasPrefix("*")
    }

    func matches(minute: Int) -> Bool { minutes & (1 << UInt64(minute)) != 0 }
    func matches(hour: Int) -> Bool { hours & (1 << UInt64(hour)) != 0 }
    func matches(month: Int) -> Bool { months & (1 << UInt64(month)) != 0 }

    /// The day rule, with the day-of-month / day-of-week OR when both are restricted.
    func matches(day: Int, weekday: Int) -> Bool {
        let dom = daysOfMonth & (1 << UInt64(day)) != 0
        let dow = daysOfWeek & (1 << UInt64(weekday)) != 0
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow
    }
}
