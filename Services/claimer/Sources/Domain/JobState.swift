/// Where a claim job is in its life.
public enum JobState: String, Sendable, CaseIterable {
    /// Waiting to run now.
    case queued
    /// Waiting for a later moment (rate limit, backoff, platform 429).
    case delayed
    /// Leased to a worker.
    case active
    /// Ended with an outcome (`claimed` or `skipped`).
    case completed
    /// Ended without a claim and not retried (invalid key, platform refusal).
    case failed
    /// Retryable failures used up every attempt; an admin may replay it.
    case dead
    /// The user's key was deleted while it waited.
    case cancelled
}
