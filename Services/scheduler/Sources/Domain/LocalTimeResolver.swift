import Foundation

/// Turns a local wall-clock time of a time zone into the instant it names, with the DST rule:
///
/// - a wall time that occurs twice (fall-back: the clock is set back) is the **first** occurrence;
/// - a wall time that never occurs (spring-forward: the clock jumps ahead) is the **transition
///   instant** itself (02:30 on a night that jumps from 02:00 to 03:00 runs at 03:00 new time).
enum LocalTimeResolver {
    /// `wallSeconds`: the wall-clock time as seconds since 1970-01-01T00:00 of that clock.
    static func instant(wallSeconds: Int, in timeZone: TimeZone) -> Date {
        // Offsets before and after any transition near this wall time (zones change at most once a day).
        let earlier = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wallSeconds - 86_400)))
        let later = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wallSeconds + 86_400)))
        var valid: [Int] = []
        for offset in Set([earlier, later]) {
            let candidate = wallSeconds - offset
            if timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate))) == offset { valid.append(candidate) }
        }
        if let first = valid.min() { return Date(timeIntervalSince1970: Double(first)) }
        // In the gap: wallSeconds - later is before the transition, wallSeconds - earlier after it.
        let beforeGap = Date(timeIntervalSince1970: Double(wallSeconds - max(earlier, later) - 1))
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: beforeGap) { return transition }
        return Date(timeIntervalSince1970: Double(wallSeconds - min(earlier, later)))
    }

    /// The wall-clock time of `date` in `timeZone`, as seconds since that clock's 1970-01-01T00:00.
    static func wallSeconds(of date: Date, in timeZone: TimeZone) -> Int {
        Int((date.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: date)
    }
}
