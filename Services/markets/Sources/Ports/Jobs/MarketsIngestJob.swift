import Contracts
import Foundation
import ServiceKit

/// `markets-ingest` (scheduled): the same run as the `IngestMarkets` method.
enum MarketsIngestJob {
    static let name = "markets-ingest"

    static func make(catalog: MarketCatalog) -> Job {
        Job(name) { _, context in
            let started = context.clock.now()
            let report = try await catalog.ingestor(pool: context.database, clock: context.clock, logger: context.logger).run()
            context.logger.info(
                "[\(name)] Fetched \(report.fetched) markets from \(catalog.source.location): \(report.created) new, \(report.updated) changed, \(report.closed) closed, \(report.resolved) resolved"
            )
            context.logger.info(
                "[\(name)] Result: { fetched: \(report.fetched), created: \(report.created), updated: \(report.updated), closed: \(report.closed), resolved: \(report.resolved), rejected: \(report.rejected), failed: \(report.failed), timestamp: \"\(Timestamps.format(started))\" }"
            )
            return RunJobReply(
                job: name,
                partial: report.failed > 0,
                processed: Int64(report.fetched),
                failed: Int64(report.failed),
                summary: [
                    JobSummaryField(key: "fetched", value: String(report.fetched)),
                    JobSummaryField(key: "created", value: String(report.created)),
                    JobSummaryField(key: "updated", value: String(report.updated)),
                    JobSummaryField(key: "closed", value: String(report.closed)),
                    JobSummaryField(key: "resolved", value: String(report.resolved)),
                    JobSummaryField(key: "rejected", value: String(report.rejected)),
                    JobSummaryField(key: "failed", value: String(report.failed)),
                    JobSummaryField(key: "timestamp", value: Timestamps.format(started)),
                ]
            )
        }
    }
}
