import Foundation

/// How one attempt at a job ended, before it is written down.
public enum AttemptResult: Sendable, Equatable {
    case claimed(Reward)
    case skipped(reason: String)
    /// Not retried: invalid key, no key on file, platform refusal.
    case failed(reason: String)
    /// Network, timeout or 5xx: the retry policy decides.
    case retryable(reason: String)
    /// Platform 429: run again after this long, the attempt not counted.
    case rateLimited(retryAfter: Duration)

    /// The attempt's result from the platform's error.
    public static func from(_ error: PlatformError) -> AttemptResult {
        switch error {
        case .invalidAPIKey: return .failed(reason: "invalid_api_key")
        case .rateLimited(let after): return .rateLimited(retryAfter: after)
        case .unavailable(let why): return .retryable(reason: why)
        case .rejected(let why): return .failed(reason: "rejected: \(why)")
        }
    }
}
