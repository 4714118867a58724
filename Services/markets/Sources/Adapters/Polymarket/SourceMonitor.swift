import Foundation
import Synchronization

/// The one rate limiter and circuit breaker of the process's calls to the source (ingestion and live
/// odds share them), behind a lock. Every method takes the time from the caller's clock.
public final class SourceMonitor: Sendable {
    /// A call that may go: after `wait` seconds; `probe` when it decides a half-open circuit.
    public struct Permit: Sendable {
        public var wait: TimeInterval
        public var probe: Bool
    }

    private let health: Mutex<SourceHealth>

    public init(requestsPerMinute: Int, breakerFailures: Int, breakerCoolDown: TimeInterval) {
        health = Mutex(
            SourceHealth(
                bucket: TokenBucket(perMinute: requestsPerMinute),
                breaker: CircuitBreaker(failureThreshold: breakerFailures, coolDown: breakerCoolDown)
            )
        )
    }

    /// Admits one call or throws `circuitOpen` / `sourceRateLimited`. The breaker is asked first so
    /// an open circuit spends no tokens; a refused token leaves the breaker untouched.
    public func admit(now: Date, maxWait: TimeInterval) throws -> Permit {
        try health.withLock { health in
            if case .rejected(let until) = health.breaker.check(now: now) { throw CatalogError.circuitOpen(until: until) }
            switch health.bucket.reserve(now: now, maxWait: maxWait) {
            case .refused(let retryAfter):
                throw CatalogError.sourceRateLimited(retryAfter: Int(retryAfter.rounded(.up)))
            case .granted(let wait):
                let admission = health.breaker.admit(now: now)
                return Permit(wait: wait, probe: admission == .allowed(probe: true))
            }
        }
    }

    public func succeeded(now: Date) {
        health.withLock {
            $0.breaker.recordSuccess()
            $0.lastSuccessAt = now
        }
    }

    public func failed(now: Date, error: String) {
        health.withLock {
            $0.breaker.recordFailure(now: now)
            $0.lastError = error
            $0.lastErrorAt = now
        }
    }

    /// The source answered 429: pause the limiter; the source is up, so the breaker counts nothing.
    public func throttled(now: Date, retryAfter: TimeInterval) {
        health.withLock {
            $0.bucket.pause(now: now, retryAfter: retryAfter)
            $0.breaker.recordNeutral(now: now, retryAfter: retryAfter)
            $0.lastError = "HTTP 429: throttled by the source for \(Int(retryAfter)) s"
            $0.lastErrorAt = now
        }
    }

    /// The call was cancelled by our side: no verdict on the source.
    public func abandoned(now: Date) {
        health.withLock { $0.breaker.recordNeutral(now: now) }
    }

    public func snapshot() -> SourceHealth {
        health.withLock { $0 }
    }
}
