import Foundation
import Logging
import ServiceKit

/// One ingestion run: the open listing page by page, then the first pages of closed markets, then
/// a lookup of each open market of ours that neither listing showed; every page stored in its own
/// transaction, and every market the source has settled handed to the resolver after its commit.
///
/// Running it again with nothing new at the source changes nothing and counts nothing.
public struct MarketIngestor: Sendable {
    let source: GuardedMarketSource
    let store: MarketIngestStore
    let resolver: MarketResolver
    let settings: CatalogSettings
    let clock: any WallClock
    let logger: Logger
    /// Log line prefix: `[markets-ingest]`.
    let tag: String

    public func run() async throws -> IngestReport {
        var report = IngestReport()
        var seen: [String] = []
        for (closed, pages) in [(false, settings.maxOpenPages), (true, settings.closedPages)] {
            var offset = 0
            for _ in 0..<pages {
                let page = try await source.markets(limit: settings.pageSize, offset: offset, closed: closed)
                report.fetched += page.count
                report.rejected += page.rejected.count
                for rejection in page.rejected {
                    logger.warning("[\(tag)] skipped market \(rejection.id) from the source: \(rejection.reason)")
                }
                seen += page.markets.map(\.externalId)
                try await save(page.markets, into: &report)
                if page.count < settings.pageSize { break }
                offset += settings.pageSize
            }
        }
        let missing = try await store.openMarketsNotIn(seen, limit: settings.followUps)
        for externalId in missing {
            do {
                guard let market = try await source.market(externalId: externalId) else {
                    logger.warning("[\(tag)] market \(externalId) is open here but unknown to the source; left as it is")
                    continue
                }
                report.fetched += 1
                try await save([market], into: &report)
            } catch let error as CatalogError {
                // The source is failing or throttling: the remaining lookups wait for the next run.
                report.failed += 1
                logger.error("[\(tag)] looking up market \(externalId) failed, follow-ups stop for this run: \(error)")
                break
            }
        }
        return report
    }

    private func save(_ markets: [SourceMarket], into report: inout IngestReport) async throws {
        let result = try await store.apply(markets, now: clock.now())
        report.add(result)
        for externalId in result.mismatched {
            logger.warning("[\(tag)] market \(externalId): the source's outcome names differ from ours; prices kept")
        }
        for resolution in result.toResolve {
            do {
                try await resolver(resolution.marketId, resolution.resolution)
                report.resolved += 1
                logger.info("[\(tag)] market \(resolution.externalId) resolved at the source: \(resolution.resolution)")
            } catch {
                report.failed += 1
                logger.error("[\(tag)] resolving market \(resolution.marketId) (\(resolution.externalId)) failed, retried next run: \(error)")
            }
        }
    }
}
