/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), without
/// Foundation's Calendar: exact, fast and independent of the process's locale or time zone.
struct CivilDate: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// Day number of this date (H. Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (`civil_from_days`).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(ofDayNumber days: Int) -> Int {
        ((days % 7) + 7 + 4) % 7
    }

    /// Day number of the first day of the month after this date's month.
    var firstOfNextMonth: Int {
        month == 12 ? CivilDate(year: year + 1, month: 1, day: 1).dayNumber : CivilDate(year: year, month: month + 1, day: 1).dayNumber
    }
}
