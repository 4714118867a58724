import Foundation
import Logging
import ServiceKit
import Store

/// The catalog's process-wide pieces, made once with the service definition and shared by the
/// handlers and the ingestion job: the source, its limiter and breaker, the live-odds cache and the
/// resolver. The clock and the database come from whoever runs (runtime or job context).
public struct MarketCatalog: Sendable {
    public let source: any MarketSource
    public let monitor: SourceMonitor
    public let odds: OddsCache
    public let settings: CatalogSettings
    public let resolver: MarketResolverFactory

    public init(source: any MarketSource, requestsPerMinute: Int, settings: CatalogSettings, resolver: @escaping MarketResolverFactory) {
        self.source = source
        self.settings = settings
        self.resolver = resolver
        monitor = SourceMonitor(
            requestsPerMinute: requestsPerMinute,
            breakerFailures: settings.breakerFailures,
            breakerCoolDown: settings.breakerCoolDown
        )
        odds = OddsCache(ttl: settings.oddsCacheSeconds)
    }

    /// The source configured by `POLYMARKET_API_URL`: the HTTP client, or the bundled fixture when empty.
    public static func defaultSource(_ markets: MarketsSettings, _ settings: CatalogSettings) -> any MarketSource {
        markets.polymarketURL.isEmpty
            ? FixtureMarketSource.bundled
            : PolymarketClient(baseURL: markets.polymarketURL, timeoutSeconds: settings.requestTimeout)
    }

    public func guarded(clock: any WallClock) -> GuardedMarketSource {
        GuardedMarketSource(source: source, monitor: monitor, clock: clock, maxWait: settings.maxLimiterWait)
    }

    public func ingestor(pool: ConnectionPool, clock: any WallClock, logger: Logger) -> MarketIngestor {
        MarketIngestor(
            source: guarded(clock: clock),
            store: MarketIngestStore(pool: pool),
            resolver: resolver(pool, clock),
            settings: settings,
            clock: clock,
            logger: logger,
            tag: MarketsIngestJob.name
        )
    }
}
