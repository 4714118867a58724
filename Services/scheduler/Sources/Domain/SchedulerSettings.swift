import Foundation
import ServiceKit

/// The scheduler's tunables, read from the environment (defaults in parentheses).
public struct SchedulerSettings: Sendable, Equatable {
    /// `SCHEDULER_RUN_TIMEOUT_MS` (600 000 = 10 min): the deadline of one `RunJob` call.
    public var runTimeout: TimeInterval
    /// `SCHEDULER_RETRY_DELAY_MS` (300 000 = 5 min) and `SCHEDULER_MAX_RETRIES` (3).
    public var retry: RetryPolicy
    /// `SCHEDULER_LONG_RUN_ALERT_MS` (300 000 = 5 min), `SCHEDULER_FAILURE_RATE_ALERT_PERCENT` (10),
    /// `SCHEDULER_ALERT_MIN_RUNS` (5).
    public var alerts: AlertRules
    /// `SCHEDULER_MAX_SLEEP_MS` (1000): the ticker wakes at least this often (edits, retries, stale leases).
    public var maxSleep: TimeInterval
    /// `SCHEDULER_LEASE_MS` (30 000): how long a dispatched run's lease lasts. The replica that
    /// dispatched it renews it every third of that until the outcome is recorded, so a lease runs
    /// out only when that replica stopped (or lost the database); then any replica declares the run
    /// `timed_out` and the job's next tick runs.
    public var lease: TimeInterval
    /// `SCHEDULER_RETENTION_DAYS` (30) and `SCHEDULER_ERROR_RETENTION_DAYS` (90, failed/timed_out runs and alerts).
    public var retentionDays: Int
    public var errorRetentionDays: Int
    /// `SCHEDULER_ENABLED` (true): false keeps the service answering the admin API without a ticker.
    public var tickerEnabled: Bool

    public init(environment: ServiceEnvironment = ServiceEnvironment()) {
        func seconds(_ name: String, _ defaultMs: Int) -> TimeInterval { Double(max(0, environment.int(name, default: defaultMs))) / 1000 }
        runTimeout = max(0.05, seconds("SCHEDULER_RUN_TIMEOUT_MS", 600_000))
        retry = RetryPolicy(
            maxRetries: max(0, environment.int("SCHEDULER_MAX_RETRIES", default: 3)),
            delay: seconds("SCHEDULER_RETRY_DELAY_MS", 300_000)
        )
        alerts = AlertRules(
            longRun: seconds("SCHEDULER_LONG_RUN_ALERT_MS", 300_000),
            maxFailureRate: Double(environment.int("SCHEDULER_FAILURE_RATE_ALERT_PERCENT", default: 10)) / 100,
            minRuns: max(1, environment.int("SCHEDULER_ALERT_MIN_RUNS", default: 5))
        )
        maxSleep = max(0.01, seconds("SCHEDULER_MAX_SLEEP_MS", 1000))
        lease = max(0.05, seconds("SCHEDULER_LEASE_MS", 30_000))
        retentionDays = max(1, environment.int("SCHEDULER_RETENTION_DAYS", default: 30))
        errorRetentionDays = max(1, environment.int("SCHEDULER_ERROR_RETENTION_DAYS", default: 90))
        tickerEnabled = environment.string("SCHEDULER_ENABLED", default: "true").lowercased() != "false"
    }

    /// How often the dispatching replica renews a run's lease: three times per lease, so two
    /// renewals in a row may fail (a short database hiccup) before it runs out.
    public var heartbeat: TimeInterval { lease / 3 }

    /// How long a replica keeps trying to record an outcome the database did not take (it was
    /// down): as long as a run itself may take, plus one lease. Past that, whichever replica sees
    /// the run first records it `timed_out`.
    public var outcomeRetryWindow: TimeInterval { runTimeout + lease }
}
