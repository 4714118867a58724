import Contracts
import Foundation
import ServiceKit

/// `tier-expiration`: users whose tier ended go back to free (source default); one user's failure
/// is logged and the rest continue. Summary: processed, failed, timestamp.
enum TierExpirationJob {
    static let name = "tier-expiration"

    static func make() -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = TierStore(pool: context.database)
            var processed = 0
            var failed = 0
            var seen = Set<UUID>()
            while true {
                let due = try await store.expiredTierUsers(now: now, limit: 500).filter { !seen.contains($0) }
                if due.isEmpty { break }
                for id in due {
                    seen.insert(id)
                    do {
                        if try await store.expireTier(userId: id, now: now) { processed += 1 }
                    } catch {
                        failed += 1
                        context.logger.error("[\(name)] user \(id.lowercasedString) failed: \(error)")
                    }
                }
            }
            context.logger.info("[\(name)] \(processed) users back to free")
            context.logger.info("[\(name)] Result: { processed: \(processed), failed: \(failed), timestamp: \"\(Timestamps.format(now))\" }")
            return RunJobReply(
                job: name,
                partial: failed > 0 && processed > 0,
                processed: Int64(processed),
                failed: Int64(failed),
                summary: [
                    JobSummaryField(key: "processed", value: String(processed)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
