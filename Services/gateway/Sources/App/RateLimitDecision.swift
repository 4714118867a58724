/// What the limiter decided for one request, and the figures the rate-limit headers show.
public struct RateLimitDecision: Sendable, Equatable {
    /// Nil when the request may go on; else how long until a token is available.
    public var retryAfter: Duration?
    /// The bucket's size (`RateLimit-Limit`).
    public var limit: Int
    /// Whole tokens left after this request (`RateLimit-Remaining`).
    public var remaining: Int
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    public var resetSeconds: Int

    public init(retryAfter: Duration?, limit: Int, remaining: Int, resetSeconds: Int) {
        self.retryAfter = retryAfter
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }

    public var allowed: Bool { retryAfter == nil }
}
