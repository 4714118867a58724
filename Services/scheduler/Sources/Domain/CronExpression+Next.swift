import Foundation
import Store

extension CronExpression {
    /// How many days ahead `next` searches: one whole cycle of the Gregorian calendar (400 years,
    /// 146 097 days, a whole number of weeks), in which every date falls on every weekday it ever
    /// can. An expression that finds no day in it never fires; the longest real gap is 40 years
    /// (29 February on a given weekday across a century year: `0 0 29 2 */7` runs 2088, then 2128).
    static let searchLimitDays = 146_097

    /// The first tick strictly after `date`, reading the expression as wall-clock time in
    /// `timeZone` (DST rule in `LocalTimeResolver`: a repeated local time fires once, at its first
    /// occurrence; a skipped local time fires at the transition instant). Nil when the expression
    /// never fires (`0 0 30 2 *`).
    ///
    /// Steps whole days (whole months when the month does not match) and looks for a time only on
    /// the days that match, so even the 400-year search of an expression that never fires is fast.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let startWall = LocalTimeResolver.wallSeconds(of: date, in: timeZone)
        let firstMinute = Self.floorDiv(startWall, 60) + 1
        var day = Self.floorDiv(firstMinute, 1440)
        var fromMinuteOfDay = firstMinute - day * 1440
        let lastDay = day + Self.searchLimitDays
        while day <= lastDay {
            let civil = CivilDate(dayNumber: day)
            if !matches(month: civil.month) {
                day = civil.firstOfNextMonth
                fromMinuteOfDay = 0
                continue
            }
            if matches(day: civil.day, weekday: CivilDate.weekday(ofDayNumber: day)) {
                var minuteOfDay = fromMinuteOfDay
                while let time = firstTime(from: minuteOfDay) {
                    // A skipped wall time resolves to the transition instant, which may not be after `date`.
                    let instant = LocalTimeResolver.instant(wallSeconds: (day * 1440 + time) * 60, in: timeZone)
                    if instant > date { return instant }
                    minuteOfDay = time + 1
                }
            }
            day += 1
            fromMinuteOfDay = 0
        }
        return nil
    }

    /// The first minute of a day, at or after `minuteOfDay`, whose hour and minute match.
    func firstTime(from minuteOfDay: Int) -> Int? {
        var hour = minuteOfDay / 60
        var fromMinute = minuteOfDay % 60
        while hour < 24 {
            if matches(hour: hour) {
                let later = minutes & (UInt64.max << UInt64(fromMinute))
                if later != 0 { return hour * 60 + later.trailingZeroBitCount }
            }
            hour += 1
            fromMinute = 0
        }
        return nil
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
