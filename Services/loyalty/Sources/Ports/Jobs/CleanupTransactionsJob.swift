import Contracts
import Foundation
import ServiceKit

/// `cleanup-transactions` (03:00 UTC): deletes cashier history older than the retention period;
/// lots, ledger entries and balances are never touched.
enum CleanupTransactionsJob {
    static let name = "cleanup-transactions"

    static func make(settings: LoyaltySettings) -> Job {
        Job(name) { _, context in
            let now = context.clock.now()
            let cutoff = now.addingTimeInterval(-TimeInterval(settings.transactionRetentionDays) * 86_400)
            let deleted = try await CashierHistoryStore(pool: context.database).deleteOlder(than: cutoff)
            context.logger.info("[\(name)] Deleted \(deleted) cashier transactions older than \(Timestamps.format(cutoff))")
            context.logger.info(
                "[\(name)] Result: { deleted: \(deleted), cutoff: \"\(Timestamps.format(cutoff))\", timestamp: \"\(Timestamps.format(now))\" }"
            )
            return RunJobReply(
                job: name,
                processed: Int64(deleted),
                summary: [
                    JobSummaryField(key: "deleted", value: String(deleted)),
                    JobSummaryField(key: "cutoff", value: Timestamps.format(cutoff)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(now)),
                ]
            )
        }
    }
}
