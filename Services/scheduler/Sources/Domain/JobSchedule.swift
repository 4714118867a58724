import Foundation
import ServiceKit

/// A job's validated timing: its cron expression and the IANA time zone it is read in.
public struct JobSchedule: Sendable, Equatable {
    public let cron: CronExpression
    public let timeZone: TimeZone

    public init(cron: CronExpression, timeZone: TimeZone) {
        self.cron = cron
        self.timeZone = timeZone
    }

    /// Validates both fields and collects every violation (field `cron` or `timezone`); an
    /// expression that never fires is refused too.
    public static func validate(cron text: String, timezone name: String, now: Date) throws(SchedulerError) -> JobSchedule {
        var violations: [Violation] = []
        var expression: CronExpression?
        do {
            expression = try CronExpression(text)
        } catch {
            violations.append(Violation("cron", error.description))
        }
        let zone = timeZone(named: name)
        if zone == nil { violations.append(Violation("timezone", "\"\(name)\" is not an IANA time zone (e.g. UTC, Europe/Berlin)")) }
        if let expression, let zone, expression.next(after: now, in: zone) == nil {
            violations.append(Violation("cron", "\(expression.text) never fires: none of its months has such a day (like 30 February or 31 April)"))
        }
        guard violations.isEmpty, let expression, let zone else { throw .invalid(violations) }
        return JobSchedule(cron: expression, timeZone: zone)
    }

    /// `UTC` or an `Area/Location` name of the tz database (`Asia/Kolkata`, `Etc/GMT-14`, and
    /// links such as `Asia/Saigon`); abbreviations such as `EST` are refused.
    ///
    /// Asking the database itself, not `TimeZone.knownTimeZoneIdentifiers`: that list holds one
    /// name per zone and leaves out `Etc/…`, links and some current names.
    public static func timeZone(named name: String) -> TimeZone? {
        if name == "UTC" { return TimeZone(identifier: "UTC") }
        guard name.contains("/") else { return nil }
        return TimeZone(identifier: name)
    }

    /// The first tick after `date`.
    public func next(after date: Date) -> Date? { cron.next(after: date, in: timeZone) }
}
