import Contracts
import Foundation
import ServiceKit

/// `expire-pending-discounts` (every minute): discounts the till never confirmed in time are
/// expired and their points refunded, one transaction each.
enum ExpirePendingDiscountsJob {
    static let name = "expire-pending-discounts"

    static func make(outbox: Outbox, topics: EventTopics, settings: LoyaltySettings) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = DiscountStore(pool: context.database, outbox: outbox, topics: topics, settings: settings)
            var expired = 0
            var refunded = 0
            var failed = 0
            var seen = Set<Int64>()
            while true {
                let due = try await store.dueForExpiry(now: now, limit: 500).filter { !seen.contains($0) }
                if due.isEmpty { break }
                for id in due {
                    seen.insert(id)
                    do {
                        refunded += try await store.expire(discountId: id, now: now)
                        expired += 1
                    } catch {
                        failed += 1
                        context.logger.error("[\(name)] discount \(id) failed: \(error)")
                    }
                }
            }
            context.logger.info("[\(name)] Expired \(expired) discounts, refunded \(refunded) points")
            context.logger.info(
                "[\(name)] Result: { discountsExpired: \(expired), pointsRefunded: \(refunded), failed: \(failed), timestamp: \"\(Timestamps.format(now))\" }"
            )
            return RunJobReply(
                job: name,
                partial: failed > 0 && expired > 0,
                processed: Int64(expired),
                failed: Int64(failed),
                summary: [
                    JobSummaryField(key: "discountsExpired", value: String(expired)),
                    JobSummaryField(key: "pointsRefunded", value: String(refunded)),
                    JobSummaryField(key: "failed", value: String(failed)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
