import Foundation
import ServiceKit

/// The scheduler's metrics, with their help texts: runs by job and status, run duration, and
/// tick lag (scheduled second → dispatch).
struct SchedulerMetrics: Sendable {
    let metrics: ServiceMetrics

    /// `scheduler_runs_total{job,status}`: outcomes, including `retrying`, `missed` and `skipped`.
    func run(job: String, status: String) {
        metrics.increment(
            "scheduler_runs_total",
            help: "Job runs by job and outcome (also retrying, missed and skipped ticks)",
            labels: [("job", job), ("status", status)]
        )
    }

    /// `scheduler_run_duration_seconds{job}`: time of one attempt, dispatch to reply.
    func duration(job: String, seconds: TimeInterval) {
        metrics.observe(
            "scheduler_run_duration_seconds",
            help: "Time of one run attempt, dispatch to reply",
            labels: [("job", job)],
            duration: .nanoseconds(Int64(max(0, seconds) * 1e9))
        )
    }

    /// `scheduler_tick_lag_seconds{job}`: how late a tick was dispatched after its scheduled time.
    func lag(job: String, seconds: TimeInterval) {
        metrics.observe(
            "scheduler_tick_lag_seconds",
            help: "How late a tick was dispatched after its scheduled time",
            labels: [("job", job)],
            duration: .nanoseconds(Int64(max(0, seconds) * 1e9))
        )
        metrics.set("scheduler_last_tick_lag_seconds", help: "Lag of the job's latest tick", labels: [("job", job)], to: max(0, seconds))
    }
}
