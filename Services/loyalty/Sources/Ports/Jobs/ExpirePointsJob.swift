import Contracts
import Foundation
import ServiceKit

/// `expire-points` (02:00 UTC): zeroes expired lots customer by customer, one transaction each;
/// a failure on one customer is logged and the others continue.
enum ExpirePointsJob {
    static let name = "expire-points"

    static func make(outbox: Outbox, topics: EventTopics) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let store = ExpiryStore(pool: context.database, outbox: outbox, topics: topics)
            var customers = 0
            var points = 0
            var failed = 0
            var after: Int64 = 0
            while true {
                let batch = try await store.customersWithExpiredLots(now: now, after: after, limit: 500)
                for id in batch {
                    do {
                        points += try await store.expire(customerId: id, now: now)
                        customers += 1
                    } catch {
                        failed += 1
                        context.logger.error("[\(name)] customer \(id) failed: \(error)")
                    }
                }
                guard let last = batch.last else { break }
                after = last
            }
            context.logger.info("[\(name)] Expired \(points) points of \(customers) customers")
            context.logger.info(
                "[\(name)] Result: { customersProcessed: \(customers), pointsExpired: \(points), failed: \(failed), timestamp: \"\(Timestamps.format(now))\" }"
            )
            return RunJobReply(
                job: name,
                partial: failed > 0 && customers > 0,
                processed: Int64(customers),
                failed: Int64(failed),
                summary: [
                    JobSummaryField(key: "customersProcessed", value: String(customers)),
                    JobSummaryField(key: "pointsExpired", value: String(points)),
                    JobSummaryField(key: "failed", value: String(failed)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
