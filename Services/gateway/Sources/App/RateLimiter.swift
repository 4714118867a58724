import Foundation
import Synchronization

/// Token buckets per client key: `burst` tokens, refilled at `perSecond`.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let perSecond: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    /// Takes one token; returns nil when allowed, or the wait until a token is available.
    public func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        take(key, now: now).retryAfter
    }

    /// Takes one token when there is one, and says what is left.
    public func take(_ key: String, now: ContinuousClock.Instant = .now) -> RateLimitDecision {
        buckets.withLock { buckets in
            if buckets.count > 100_000 { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            var retryAfter: Duration?
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
            } else {
                retryAfter = .milliseconds(Int64(((1 - bucket.tokens) / perSecond * 1000).rounded(.up)))
            }
            return RateLimitDecision(
                retryAfter: retryAfter,
                limit: Int(burst),
                remaining: Int(bucket.tokens.rounded(.down)),
                resetSeconds: Int(((burst - bucket.tokens) / perSecond).rounded(.up))
            )
        }
    }
}
