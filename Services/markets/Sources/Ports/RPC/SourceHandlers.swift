import Bus
import Contracts
import Foundation
import ServiceKit

/// Ingestion on demand and the state of the outbound source (rate limiter, circuit breaker).
struct SourceHandlers: Sendable {
    let catalog: MarketCatalog
    let runtime: ServiceRuntime

    func register() {
        let catalog = self.catalog
        let pool = runtime.database.pool
        let clock = runtime.clock
        runtime.router.register(MarketsMethods.ingestMarkets) { (_: IngestMarketsRequest, context) in
            try context.require(anyRole: "admin", "service")
            let started = ContinuousClock.now
            let report = try await catalog.ingestor(pool: pool, clock: clock, logger: context.logger).run()
            let elapsed = ContinuousClock.now - started
            return IngestMarketsReply(
                fetched: Int32(report.fetched),
                created: Int32(report.created),
                updated: Int32(report.updated),
                closed: Int32(report.closed),
                resolved: Int32(report.resolved),
                durationMs: Int32(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            )
        }
        runtime.router.register(MarketsMethods.rateLimitStatus) { (_: MonitoringRequest, context) in
            try context.require(anyRole: "admin", "service")
            let now = clock.now()
            let bucket = catalog.monitor.snapshot().bucket
            return RateLimitStatus(
                limitPerMinute: Int32(bucket.perMinute),
                tokensAvailable: (bucket.available(now: now) * 100).rounded(.down) / 100,
                requestsLastMinute: Int32(bucket.requestsLastMinute(now: now)),
                throttledTotal: Int32(bucket.throttledTotal)
            )
        }
        runtime.router.register(MarketsMethods.circuitBreakerStatus) { (_: MonitoringRequest, context) in
            try context.require(anyRole: "admin", "service")
            let breaker = catalog.monitor.snapshot().breaker
            return CircuitBreakerStatus(
                state: breaker.state(now: clock.now()).rawValue,
                consecutiveFailures: Int32(breaker.consecutiveFailures),
                failureThreshold: Int32(breaker.failureThreshold),
                openedAt: breaker.openedAt.map(Timestamps.format) ?? "",
                nextAttemptAt: breaker.nextAttemptAt.map(Timestamps.format) ?? "",
                failuresTotal: Int32(breaker.failuresTotal)
            )
        }
        runtime.router.register(MarketsMethods.externalApis) { (_: MonitoringRequest, context) in
            try context.require(anyRole: "admin", "service")
            let health = catalog.monitor.snapshot()
            return ExternalApis(apis: [
                ExternalApi(
                    name: "polymarket",
                    baseUrl: catalog.source.location,
                    circuitState: health.breaker.state(now: clock.now()).rawValue,
                    lastSuccessAt: health.lastSuccessAt.map(Timestamps.format) ?? "",
                    lastError: health.lastError ?? "",
                    lastErrorAt: health.lastErrorAt.map(Timestamps.format) ?? ""
                )
            ])
        }
    }
}
