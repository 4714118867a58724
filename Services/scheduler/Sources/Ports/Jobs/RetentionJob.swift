import Contracts
import Foundation
import ServiceKit

/// `scheduler-retention`: deletes run history older than `SCHEDULER_RETENTION_DAYS` (30) and
/// failed/timed-out runs and alerts older than `SCHEDULER_ERROR_RETENTION_DAYS` (90). The scheduler
/// schedules it for itself (seeded `30 4 * * *`). Summary: runsDeleted, alertsDeleted, timestamp.
enum RetentionJob {
    static let name = "scheduler-retention"

    static func make(settings: SchedulerSettings, outbox: Outbox, alertTopic: String) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let before = now.addingTimeInterval(-Double(settings.retentionDays) * 86_400)
            let errorsBefore = now.addingTimeInterval(-Double(settings.errorRetentionDays) * 86_400)
            let runs = try await RunStore(pool: context.database).deleteHistory(before: before, errorsBefore: errorsBefore)
            let alerts = try await AlertStore(pool: context.database, outbox: outbox, topic: alertTopic).deleteHistory(before: errorsBefore)
            context.logger.info("[\(name)] Deleted \(runs) runs and \(alerts) alerts")
            context.logger.info("[\(name)] Result: { runsDeleted: \(runs), alertsDeleted: \(alerts), timestamp: \"\(Timestamps.format(now))\" }")
            return RunJobReply(
                job: name,
                processed: Int64(runs + alerts),
                summary: [
                    JobSummaryField(key: "runsDeleted", value: String(runs)),
                    JobSummaryField(key: "alertsDeleted", value: String(alerts)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
