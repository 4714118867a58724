import Foundation
import ServiceKit

/// The scheduler's tunables, read from the environment (defaults in parentheses).
public struct SchedulerSettings: Sendable, Equatable {
    /// `SCHEDULER_RUN_TIMEOUT_MS` (600 000 = 10 min): the deadline of one `RunJob` call.
    public var runTimeout: TimeInterval
    /// `SCHEDULER_RETRY_DELAY_MS` (300 000 = 5 min) and `SCHEDULER_MAX_RETRIES` (3).
    public var retry: RetryPolicy
    /// `SCHEDULER_LONG_RUN_ALERT_MS` (300 000 = 5 min), `SCHEDULER_FAILURE_RATE_ALERT_PERCENT` (10).
    public var alerts: AlertRules
    /// `SCHEDULER_MAX_SLEEP_MS` (1000): the ticker wakes at least this often (edits, retries, stale leases).
    public var maxSleep: TimeInterval
    /// `SCHEDULER_LEASE_GRACE_MS` (60 000): a `running` run whose dispatcher has not recorded an
    /// outcome by deadline + grace is declared `timed_out` by any replica.
    public var leaseGrace: TimeInterval
    /// `SCHEDULER_RETENTION_DAYS` (30) and `SCHEDULER_ERROR_RETENTION_DAYS` (90, failed/timed_out runs and alerts).
    public var retentionDays: Int
    public var errorRetentionDays: Int
    /// `SCHEDULER_ENABLED` (true): false keeps the service answering the admin API without a ticker.
    public var tickerEnabled: Bool

    public init(environment: ServiceEnvironment = ServiceEnvironment()) {
        func seconds(_ name: String, _ defaultMs: Int) -> TimeInterval { Double(max(0, environment.int(name, default: defaultMs))) / 1000 }
        runTimeout = max(0.05, seconds("SCHEDULER_RUN_TIMEOUT_MS", 600_000))
        retry = RetryPolicy(maxRetries: max(0, environment.int("SCHEDULER_MAX_RETRIES", default: 3)),
                            delay: seconds("SCHEDULER_RETRY_DELAY_MS", 300_000))
        alerts = AlertRules(longRun: seconds("SCHEDULER_LONG_RUN_ALERT_MS", 300_000),
                            maxFailureRate: Double(environment.int("SCHEDULER_FAILURE_RATE_ALERT_PERCENT", default: 10)) / 100)
        maxSleep = max(0.01, seconds("SCHEDULER_MAX_SLEEP_MS", 1000))
        leaseGrace = seconds("SCHEDULER_LEASE_GRACE_MS", 60_000)
        retentionDays = max(1, environment.int("SCHEDULER_RETENTION_DAYS", default: 30))
        errorRetentionDays = max(1, environment.int("SCHEDULER_ERROR_RETENTION_DAYS", default: 90))
        tickerEnabled = environment.string("SCHEDULER_ENABLED", default: "true").lowercased() != "false"
    }

    /// How long a dispatched run may stay `running` before another replica recovers it.
    public var lease: TimeInterval { runTimeout + leaseGrace }
}
