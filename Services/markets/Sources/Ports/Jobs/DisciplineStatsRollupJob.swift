import Contracts
import Foundation
import ServiceKit

/// `discipline-stats-rollup`: records closed shots' results and upserts every user's counts, set-based.
enum DisciplineStatsRollupJob {
    static let name = "discipline-stats-rollup"

    static func make() -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let (closed, users) = try await DisciplineRollup(pool: context.database).run(now: now)
            context.logger.info("[\(name)] \(closed) shots closed since the last run; counts of \(users) users written")
            context.logger.info("[\(name)] Result: { shotsClosed: \(closed), users: \(users), timestamp: \"\(Timestamps.format(now))\" }")
            return RunJobReply(
                job: name,
                processed: Int64(users),
                summary: [
                    JobSummaryField(key: "shotsClosed", value: String(closed)),
                    JobSummaryField(key: "users", value: String(users)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
