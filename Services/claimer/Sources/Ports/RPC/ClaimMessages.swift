import Contracts
import ServiceKit

/// Domain records as reply messages.
enum ClaimMessages {
    static func record(_ record: HistoryRecord) -> ClaimRecord {
        ClaimRecord(
            id: String(record.id),
            code: record.code,
            status: record.status,
            reason: record.reason,
            rewardType: record.reward?.type ?? "",
            rewardAmount: record.reward?.amount ?? "",
            rewardCurrency: record.reward?.currency ?? "",
            attemptedAt: Timestamps.format(record.attemptedAt),
            jobId: String(record.jobId)
        )
    }

    static func job(_ job: JobRecord) -> ClaimJobInfo {
        ClaimJobInfo(
            id: String(job.id),
            userId: job.userId,
            code: job.code,
            state: job.state.rawValue,
            priority: Int32(job.priority),
            attempts: Int32(job.attempts),
            lastError: job.lastError,
            runAt: Timestamps.format(job.runAt),
            createdAt: Timestamps.format(job.createdAt),
            updatedAt: Timestamps.format(job.updatedAt),
            outcome: job.outcome ?? ""
        )
    }
}
