import Contracts
import Foundation
import ServiceKit

/// `leaderboard-refresh`: the boards are maintained with every bet, so this is a reconciliation —
/// it recomputes the figures from the ledger and reports how many rows it had to correct (0 unless
/// something wrote stats or ledger rows outside the betting transactions).
enum LeaderboardRefreshJob {
    static let name = "leaderboard-refresh"

    static func make() -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let corrected = try await LeaderboardReconciler(pool: context.database).reconcile(now: now)
            if corrected.allTime + corrected.weekly > 0 {
                context.logger.warning("[\(name)] corrected \(corrected.allTime) all-time and \(corrected.weekly) weekly leaderboard rows")
            }
            return RunJobReply(
                job: name,
                processed: Int64(corrected.allTime + corrected.weekly),
                summary: [
                    JobSummaryField(key: "correctedAllTime", value: String(corrected.allTime)),
                    JobSummaryField(key: "correctedWeekly", value: String(corrected.weekly)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
