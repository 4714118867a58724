import Contracts
import ServiceKit

/// `release-expired-reservations`: resets reservations older than 24 h to available.
enum ReleaseExpiredReservationsJob {
    static let name = "release-expired-reservations"

    static func make(outbox: Outbox, topics: EventTopics) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = CampaignCodeStore(pool: context.database, outbox: outbox, topics: topics)
            let released = try await store.releaseExpired(now: now)
            context.logger.info("[\(name)] Released \(released) codes whose reservation expired")
            return RunJobReply(
                job: name,
                processed: Int64(released),
                summary: [
                    JobSummaryField(key: "codesReleased", value: String(released)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
