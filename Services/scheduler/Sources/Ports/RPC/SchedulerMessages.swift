import Contracts
import Foundation
import ServiceKit

/// Domain values → proto mirrors.
enum SchedulerMessages {
    static func alert(_ record: AlertRecord) -> SchedulerAlert {
        SchedulerAlert(
            id: record.id.lowercasedString,
            job: record.job,
            kind: record.kind.rawValue,
            message: record.message,
            runId: record.runId?.lowercasedString ?? "",
            createdAt: Timestamps.format(record.createdAt)
        )
    }

    static func run(_ record: RunRecord) -> JobRun {
        JobRun(
            id: record.id.lowercasedString,
            job: record.job,
            scheduledFor: Timestamps.format(record.scheduledFor),
            trigger: record.manual ? "manual" : "schedule",
            status: record.status.rawValue,
            attempt: Int32(clamping: record.attempt),
            nextRetryAt: record.nextRetryAt.map(Timestamps.format) ?? "",
            startedAt: record.startedAt.map(Timestamps.format) ?? "",
            finishedAt: record.finishedAt.map(Timestamps.format) ?? "",
            durationMs: record.durationMs ?? 0,
            processed: record.processed,
            failed: record.failed,
            summary: record.summary.map { SummaryField(key: $0.key, value: $0.value) },
            error: record.error
        )
    }

    static func job(_ record: JobRecord, next: Date?, last: RunRecord?) -> ScheduledJob {
        ScheduledJob(
            name: record.name,
            service: record.service,
            cron: record.cron,
            timezone: record.timezone,
            enabled: record.enabled,
            overlap: record.overlap.rawValue,
            catchUpWindowSeconds: Int32(clamping: Int(record.catchUpWindow)),
            nextRunAt: record.enabled ? next.map(Timestamps.format) ?? "" : "",
            lastRunAt: last.map { Timestamps.format($0.scheduledFor) } ?? "",
            lastStatus: last?.status.rawValue ?? "",
            lastRunId: last?.id.lowercasedString ?? ""
        )
    }
}
