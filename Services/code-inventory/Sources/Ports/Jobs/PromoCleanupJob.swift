import Contracts
import ServiceKit

/// `promo-cleanup`: deactivates promo codes past their window and deletes redemption records
/// older than 365 days. Summary: codesDeactivated, redemptionsDeleted, timestamp.
enum PromoCleanupJob {
    static let name = "promo-cleanup"

    static func make(outbox: Outbox, topics: EventTopics) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = PromoCodeStore(pool: context.database, outbox: outbox, topics: topics)
            let result = try await store.cleanup(now: now)
            context.logger.info("[\(name)] Deactivated \(result.deactivated) expired codes")
            context.logger.info("[\(name)] Deleted \(result.deleted) old redemption records")
            context.logger.info(
                "[\(name)] Result: { codesDeactivated: \(result.deactivated), redemptionsDeleted: \(result.deleted), timestamp: \"\(Timestamps.format(now))\" }"
            )
            return RunJobReply(
                job: name,
                processed: Int64(result.deactivated + result.deleted),
                summary: [
                    JobSummaryField(key: "codesDeactivated", value: String(result.deactivated)),
                    JobSummaryField(key: "redemptionsDeleted", value: String(result.deleted)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
