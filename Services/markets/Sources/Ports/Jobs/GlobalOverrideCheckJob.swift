import Contracts
import Foundation
import ServiceKit

/// `global-override-check`: clears an expired global tier override. Summary action none | cleared | active.
enum GlobalOverrideCheckJob {
    static let name = "global-override-check"

    static func make() -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = TierStore(pool: context.database)
            var summary = [JobSummaryField(key: "timestamp", value: Timestamps.format(now))]
            let action: String
            if try await store.clearOverride(expiredAt: now) {
                action = "cleared"
            } else if let current = try await store.override() {
                action = "active"
                summary += [
                    JobSummaryField(key: "tier", value: current.tier.rawValue),
                    JobSummaryField(key: "expiresAt", value: Timestamps.format(current.expiresAt)),
                ]
            } else {
                action = "none"
            }
            summary.insert(JobSummaryField(key: "action", value: action), at: 0)
            context.logger.info("[\(name)] Result: { \(summary.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ")) }")
            return RunJobReply(job: name, processed: action == "cleared" ? 1 : 0, summary: summary)
        }
    }
}
