/// Exponential backoff with full jitter and a ceiling, for network errors and platform 5xx.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts ending in a retryable failure before the job is dead.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// What follows the `attempts`-th failed attempt (1-based): another try after a delay, or dead.
    /// `jitter` in [0, 1) picks the delay inside [ceiling/2, ceiling] so retries of many jobs spread out.
    public func afterFailure(attempts: Int, jitter: Double) -> RetryDecision {
        guard attempts < maxAttempts else { return .dead }
        return .retry(after: delay(attempts: attempts, jitter: jitter))
    }

    /// base × 2^(attempts−1), capped at `maxDelay`, then jittered into its upper half.
    public func delay(attempts: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let fraction = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return ceiling * fraction
    }
}

/// The verdict of `RetryPolicy` on a failed attempt.
public enum RetryDecision: Sendable, Equatable {
    case retry(after: Duration)
    case dead
}
