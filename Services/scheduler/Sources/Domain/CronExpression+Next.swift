import Foundation

extension CronExpression {
    /// How far ahead `next` searches (8 years covers every leap day and weekday combination).
    static let searchLimitMinutes = 8 * 366 * 24 * 60

    /// The first tick strictly after `date`, reading the expression as wall-clock time in
    /// `timeZone` (DST rule in `LocalTimeResolver`: a repeated local time fires once, at its first
    /// occurrence; a skipped local time fires at the transition instant). Nil when the expression
    /// never fires (`0 0 30 2 *`).
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        let startWall = LocalTimeResolver.wallSeconds(of: date, in: timeZone)
        var minute = Self.floorDiv(startWall, 60) + 1
        let limit = minute + Self.searchLimitMinutes
        while minute < limit {
            let dayNumber = Self.floorDiv(minute, 1440)
            let minuteOfDay = minute - dayNumber * 1440
            let civil = CivilDate(dayNumber: dayNumber)
            if !matches(month: civil.month) {
                minute = civil.firstOfNextMonth * 1440
                continue
            }
            if !matches(day: civil.day, weekday: CivilDate.weekday(ofDayNumber: dayNumber)) {
                minute = (dayNumber + 1) * 1440
                continue
            }
            let hour = minuteOfDay / 60
            if !matches(hour: hour) {
                minute = dayNumber * 1440 + (hour + 1) * 60
                continue
            }
            if !matches(minute: minuteOfDay % 60) {
                minute += 1
                continue
            }
            let instant = LocalTimeResolver.instant(wallSeconds: minute * 60, in: timeZone)
            if instant > date { return instant }
            minute += 1
        }
        return nil
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
