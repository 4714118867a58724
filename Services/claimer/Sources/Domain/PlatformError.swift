/// Every way the promo platform can refuse or fail; the executor turns each into a job outcome.
public enum PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The API key is not accepted: the job fails at once, no retry.
    case invalidAPIKey
    /// 429: wait `retryAfter`, then try again without using an attempt.
    case rateLimited(retryAfter: Duration)
    /// Network error, timeout or 5xx: retried with backoff.
    case unavailable(String)
    /// Any other refusal (4xx, unreadable answer): the job fails, no retry.
    case rejected(String)

    public var description: String {
        switch self {
        case .invalidAPIKey: return "invalid API key"
        case .rateLimited(let after): return "platform rate limit (retry after \(after))"
        case .unavailable(let why): return "platform unavailable: \(why)"
        case .rejected(let why): return "platform refused: \(why)"
        }
    }
}
