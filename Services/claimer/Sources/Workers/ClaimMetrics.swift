import ServiceKit

/// The worker's counters, with their help texts: outcomes by state and rate-limit delays.
struct ClaimMetrics: Sendable {
    let metrics: ServiceMetrics

    func record(_ resolution: JobResolution) {
        metrics.increment(
            "claimer_attempts_total",
            help: "Claim attempts by the state the job went to and the outcome",
            labels: [("state", resolution.state.rawValue), ("outcome", resolution.outcome ?? "")]
        )
    }

    func rateLimited() {
        metrics.increment("claimer_rate_limited_total", help: "Jobs delayed because their user was over the rate limit")
    }
}
