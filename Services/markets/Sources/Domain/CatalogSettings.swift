import Foundation
import ServiceKit

/// Settings of the market catalog: ingestion paging and the source's guards. The source's URL and
/// request rate are in `MarketsSettings` (`POLYMARKET_API_URL`, `POLYMARKET_REQUESTS_PER_MINUTE`).
public struct CatalogSettings: Sendable {
    /// Markets per source page (`MARKETS_INGEST_PAGE_SIZE`).
    public var pageSize: Int
    /// Pages of open markets per ingestion (`MARKETS_INGEST_MAX_PAGES`).
    public var maxOpenPages: Int
    /// Pages of closed markets per ingestion (`MARKETS_INGEST_CLOSED_PAGES`): closed markets we
    /// never had are created closed (resolved when settled).
    public var closedPages: Int
    /// Our open markets missing from both listings are looked up one by one, at most this many per
    /// run (`MARKETS_INGEST_FOLLOW_UPS`): that is how a market closed beyond the pages is seen.
    public var followUps: Int
    /// Failures in a row that open the circuit (`POLYMARKET_BREAKER_FAILURES`).
    public var breakerFailures: Int
    /// Seconds an open circuit waits before a probe (`POLYMARKET_BREAKER_COOLDOWN_SECONDS`).
    public var breakerCoolDown: TimeInterval
    /// Per-request timeout of the HTTP client (`POLYMARKET_TIMEOUT_SECONDS`).
    public var requestTimeout: TimeInterval
    /// How long live odds are served from memory (`LIVE_ODDS_CACHE_SECONDS`).
    public var oddsCacheSeconds: TimeInterval
    /// The longest a call waits for a rate-limiter token before it is refused.
    public var maxLimiterWait: TimeInterval

    public init(
        pageSize: Int = 100,
        maxOpenPages: Int = 20,
        closedPages: Int = 1,
        followUps: Int = 50,
        breakerFailures: Int = 5,
        breakerCoolDown: TimeInterval = 30,
        requestTimeout: TimeInterval = 10,
        oddsCacheSeconds: TimeInterval = 10,
        maxLimiterWait: TimeInterval = 5
    ) {
        self.pageSize = max(1, pageSize)
        self.maxOpenPages = max(0, maxOpenPages)
        self.closedPages = max(0, closedPages)
        self.followUps = max(0, followUps)
        self.breakerFailures = max(1, breakerFailures)
        self.breakerCoolDown = max(0, breakerCoolDown)
        self.requestTimeout = max(1, requestTimeout)
        self.oddsCacheSeconds = max(0, oddsCacheSeconds)
        self.maxLimiterWait = max(0, maxLimiterWait)
    }

    public init(environment env: ServiceEnvironment) {
        self.init(
            pageSize: env.int("MARKETS_INGEST_PAGE_SIZE", default: 100),
            maxOpenPages: env.int("MARKETS_INGEST_MAX_PAGES", default: 20),
            closedPages: env.int("MARKETS_INGEST_CLOSED_PAGES", default: 1),
            followUps: env.int("MARKETS_INGEST_FOLLOW_UPS", default: 50),
            breakerFailures: env.int("POLYMARKET_BREAKER_FAILURES", default: 5),
            breakerCoolDown: TimeInterval(env.int("POLYMARKET_BREAKER_COOLDOWN_SECONDS", default: 30)),
            requestTimeout: TimeInterval(env.int("POLYMARKET_TIMEOUT_SECONDS", default: 10)),
            oddsCacheSeconds: TimeInterval(env.int("LIVE_ODDS_CACHE_SECONDS", default: 10))
        )
    }
}
