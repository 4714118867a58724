import Foundation

/// Decides which ticks of a job run, pure: given the cursor (every tick up to it is handled),
/// the time now and the catch-up window.
///
/// Normally one tick is due and it runs. After downtime several are due: the latest runs once if
/// it is at most `catchUpWindow` old (never less than `onTimeGrace`), and every other due tick is
/// recorded `missed`.
public enum TickPlanner {
    /// How late a tick may be claimed and still run, whatever the job's catch-up window (0 = "this
    /// tick only"): a pass claims a tick some milliseconds after it is due, later when the machine
    /// or the database is busy or a pass failed and the next one (within `SCHEDULER_MAX_SLEEP_MS`)
    /// picks it up.
    public static let onTimeGrace: TimeInterval = 5
    /// Missed ticks recorded one by one per pass; older ones are only counted (a `* * * * *` job
    /// down for a week would otherwise write 10 000 rows).
    public static let maxRecordedMissed = 100
    /// How far back missed ticks are looked for at all.
    public static let lookback: TimeInterval = 7 * 86_400

    public static func plan(schedule: JobSchedule, cursor: Date, now: Date, catchUpWindow: TimeInterval) -> TickPlan {
        var due: [Date] = []
        var dropped = 0
        var after = max(cursor, now.addingTimeInterval(-lookback))
        while let tick = schedule.next(after: after), tick <= now {
            due.append(tick)
            if due.count > maxRecordedMissed + 1 {
                due.removeFirst()
                dropped += 1
            }
            after = tick
        }
        guard let latest = due.last else {
            return TickPlan(run: nil, missed: [], unrecordedMissed: 0, through: cursor)
        }
        if now.timeIntervalSince(latest) <= max(catchUpWindow, onTimeGrace) {
            return TickPlan(run: latest, missed: Array(due.dropLast()), unrecordedMissed: dropped, through: latest)
        }
        return TickPlan(
            run: nil,
            missed: due.count > maxRecordedMissed ? Array(due.dropFirst()) : due,
            unrecordedMissed: dropped + (due.count > maxRecordedMissed ? 1 : 0),
            through: latest
        )
    }
}
