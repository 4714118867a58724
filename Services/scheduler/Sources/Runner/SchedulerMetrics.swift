import Foundation
import Metrics

/// The scheduler's metrics through swift-metrics (Prometheus in `ServiceMain`): runs by job and
/// status, run duration, and tick lag (scheduled second → dispatch).
struct SchedulerMetrics: Sendable {
    /// `scheduler_runs_total{job,status}`: outcomes, including `retrying`, `missed` and `skipped`.
    func run(job: String, status: String) {
        Counter(label: "scheduler_runs_total", dimensions: [("job", job), ("status", status)]).increment()
    }

    /// `scheduler_run_duration_seconds{job}`: time of one attempt, dispatch to reply.
    func duration(job: String, seconds: TimeInterval) {
        Timer(label: "scheduler_run_duration_seconds", dimensions: [("job", job)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// `scheduler_tick_lag_seconds{job}`: how late a tick was dispatched after its scheduled time.
    func lag(job: String, seconds: TimeInterval) {
        Timer(label: "scheduler_tick_lag_seconds", dimensions: [("job", job)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
        Gauge(label: "scheduler_last_tick_lag_seconds", dimensions: [("job", job)]).record(max(0, seconds))
    }
}
