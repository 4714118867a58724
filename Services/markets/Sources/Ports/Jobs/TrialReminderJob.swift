import Contracts
import Foundation
import ServiceKit

/// `trial-reminder`: users whose tier ends within 3 days (but not within 1) get the 3-day
/// reminder, within 1 day the 1-day one — each once per user, threshold and tier end (the
/// notifications table's key), delivered through the notification sender.
enum TrialReminderJob {
    static let name = "trial-reminder"
    static let thresholds = [3, 1]

    static func make(sender: any NotificationSender) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = TierStore(pool: context.database)
            var sent = 0
            var failed = 0
            var summary: [JobSummaryField] = []
            for (index, days) in thresholds.enumerated() {
                // Non-overlapping windows: (1 d, 3 d] for the 3-day reminder, (now, 1 d] for the 1-day one.
                let nextSmaller = index + 1 < thresholds.count ? thresholds[index + 1] : 0
                let due = try await store.recordReminders(
                    thresholdDays: days,
                    after: now.addingTimeInterval(TimeInterval(nextSmaller) * 86_400),
                    until: now.addingTimeInterval(TimeInterval(days) * 86_400),
                    now: now
                )
                for (user, end) in due {
                    do {
                        try await sender.send(userId: user, message: "Your tier ends on \(Timestamps.format(end)) (\(days)-day reminder)")
                        sent += 1
                    } catch {
                        failed += 1
                        context.logger.error("[\(name)] user \(user.lowercasedString) failed: \(error)")
                    }
                }
                summary.append(JobSummaryField(key: "reminded\(days)d", value: String(due.count)))
            }
            summary.append(JobSummaryField(key: "timestamp", value: Timestamps.format(now)))
            context.logger.info("[\(name)] Result: { \(summary.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ")) }")
            return RunJobReply(job: name, partial: failed > 0 && sent > 0, processed: Int64(sent), failed: Int64(failed), summary: summary)
        }
    }
}
