/// A date of the proleptic Gregorian calendar, with arithmetic on day numbers (days since
/// 1970-01-01) instead of Foundation's `Calendar`: exact, fast, and independent of the process's
/// locale and time zone. Postgres uses the same calendar for `date` and `timestamp`.
public struct CivilDate: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of a day number (H. Hinnant's `civil_from_days`).
    public init(dayNumber: Int) {
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

    /// Day number of this date (H. Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    public static func weekday(ofDayNumber days: Int) -> Int {
        ((days % 7) + 7 + 4) % 7
    }

    /// Day number of the first day of the month after this date's month.
    public var firstOfNextMonth: Int {
        month == 12 ? CivilDate(year: year + 1, month: 1, day: 1).dayNumber : CivilDate(year: year, month: month + 1, day: 1).dayNumber
    }

    /// `YYYY-MM-DD`, as Postgres writes and reads a `date` (years from 1; more digits past 9999).
    public var isoDate: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        PostgresTimestamp.append(Int64(year), width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        PostgresTimestamp.append(Int64(month), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        PostgresTimestamp.append(Int64(day), width: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
