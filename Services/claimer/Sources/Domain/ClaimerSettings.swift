import Foundation
import ServiceKit

/// The claimer's tunables, read once from the environment (defaults are the original system's).
public struct ClaimerSettings: Sendable {
    /// `CLAIM_WORKER_CONCURRENCY`: jobs one process runs at once.
    public var concurrency: Int
    /// `CLAIM_JOB_TIMEOUT` (ms): one attempt (eligibility + claim) at most this long.
    public var jobTimeout: Duration
    /// `CLAIM_LEASE_MARGIN_MS`: a lease outlives the attempt timeout by this much before another worker may take the job.
    public var leaseMargin: Duration
    /// `CLAIMS_PER_MINUTE_PER_USER`: admitted attempts per user per window; 0 lifts the limit.
    public var claimsPerWindow: Int
    /// `CLAIMS_RATE_WINDOW_MS`: the sliding window (a minute unless a test shortens it).
    public var rateWindow: Duration
    /// `CLAIMS_MAX_RETRY_ATTEMPTS`: attempts ending in a retryable failure before the job is dead.
    public var maxAttempts: Int
    /// `CLAIM_RETRY_BASE_DELAY_MS` / `CLAIM_RETRY_MAX_DELAY_MS`: exponential backoff bounds.
    public var retryBaseDelay: Duration
    public var retryMaxDelay: Duration
    /// `CLAIM_POLL_INTERVAL_MS`: how long an idle worker waits before looking for due jobs again.
    public var pollInterval: Duration
    /// `CLAIM_WORKERS_ENABLED`: false runs the API only (no jobs taken by this process).
    public var workersEnabled: Bool
    /// `CLAIM_AUTO_ENQUEUE`: false leaves code-inventory's new promo codes alone (no consumer runs).
    public var autoEnqueue: Bool
    /// `CLAIM_EVENTS_CATCH_UP_MS`: how often code-inventory's outbox is read for promo events the bus dropped.
    public var eventsCatchUpInterval: Duration
    /// `STAKE_MOCK_API` (true by default): the deterministic in-process platform instead of HTTP.
    public var mockPlatform: Bool
    /// `STAKE_API_URL`: base URL of the real platform.
    public var platformURL: String
    /// `STAKE_MOCK_SLOW_MS`: how long the mock takes to claim a `SLOW…` code.
    public var mockSlowDelay: Duration

    public init(environment: ServiceEnvironment = ServiceEnvironment()) {
        func milliseconds(_ name: String, _ value: Int) -> Duration { .milliseconds(max(0, environment.int(name, default: value))) }
        concurrency = max(1, environment.int("CLAIM_WORKER_CONCURRENCY", default: 10))
        jobTimeout = milliseconds("CLAIM_JOB_TIMEOUT", 30_000)
        leaseMargin = milliseconds("CLAIM_LEASE_MARGIN_MS", 5_000)
        claimsPerWindow = max(0, environment.int("CLAIMS_PER_MINUTE_PER_USER", default: 5))
        rateWindow = milliseconds("CLAIMS_RATE_WINDOW_MS", 60_000)
        maxAttempts = max(1, environment.int("CLAIMS_MAX_RETRY_ATTEMPTS", default: 3))
        retryBaseDelay = milliseconds("CLAIM_RETRY_BASE_DELAY_MS", 1_000)
        retryMaxDelay = milliseconds("CLAIM_RETRY_MAX_DELAY_MS", 60_000)
        pollInterval = milliseconds("CLAIM_POLL_INTERVAL_MS", 200)
        workersEnabled = environment.string("CLAIM_WORKERS_ENABLED", default: "true").lowercased() != "false"
        autoEnqueue = environment.string("CLAIM_AUTO_ENQUEUE", default: "true").lowercased() != "false"
        eventsCatchUpInterval = .milliseconds(max(100, environment.int("CLAIM_EVENTS_CATCH_UP_MS", default: 30_000)))
        mockPlatform = environment.string("STAKE_MOCK_API", default: "true").lowercased() != "false"
        platformURL = environment.string("STAKE_API_URL", default: "https://api.stake.com")
        mockSlowDelay = milliseconds("STAKE_MOCK_SLOW_MS", 2_000)
    }

    /// How long a taken job stays leased to its worker.
    public var lease: Duration { jobTimeout + leaseMargin }

    /// The retry policy these settings describe.
    public var retryPolicy: RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: retryBaseDelay, maxDelay: retryMaxDelay)
    }

    /// The rate limit these settings describe; nil when lifted.
    public var rateLimit: RateLimit? {
        claimsPerWindow > 0 ? RateLimit(limit: claimsPerWindow, window: rateWindow) : nil
    }
}
