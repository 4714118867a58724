import Foundation
import ServiceKit

/// A `MarketSource` behind the process's rate limiter and circuit breaker: every call is admitted
/// (or refused) first, waits for its token, and reports its outcome. Failures become `CatalogError`s
/// with a message for the caller.
public struct GuardedMarketSource: Sendable {
    public let source: any MarketSource
    public let monitor: SourceMonitor
    public let clock: any WallClock
    public let maxWait: TimeInterval

    public init(source: any MarketSource, monitor: SourceMonitor, clock: any WallClock, maxWait: TimeInterval) {
        self.source = source
        self.monitor = monitor
        self.clock = clock
        self.maxWait = maxWait
    }

    public func markets(limit: Int, offset: Int, closed: Bool?) async throws -> SourcePage {
        try await call { try await source.markets(limit: limit, offset: offset, closed: closed) }
    }

    public func market(externalId: String) async throws -> SourceMarket? {
        try await call { try await source.market(externalId: externalId) }
    }

    private func call<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        let permit = try monitor.admit(now: clock.now(), maxWait: maxWait)
        do {
            // The token is taken; the wait is real time, whatever clock decides the bucket.
            if permit.wait > 0 { try await Task.sleep(for: .milliseconds(Int64(permit.wait * 1000))) }
            let value = try await operation()
            monitor.succeeded(now: clock.now())
            return value
        } catch let error as SourceError {
            if case .throttled(let retryAfter) = error {
                monitor.throttled(now: clock.now(), retryAfter: TimeInterval(retryAfter))
                throw CatalogError.sourceRateLimited(retryAfter: retryAfter)
            }
            monitor.failed(now: clock.now(), error: error.description)
            throw CatalogError.sourceUnavailable(error.description)
        } catch is CancellationError {
            monitor.abandoned(now: clock.now())
            throw CancellationError()
        } catch {
            monitor.failed(now: clock.now(), error: String(describing: error))
            throw CatalogError.sourceUnavailable(String(describing: error))
        }
    }
}
