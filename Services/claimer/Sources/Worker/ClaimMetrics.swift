import Metrics

/// The worker's counters: outcomes by state and rate-limit delays (Prometheus via swift-metrics).
struct ClaimMetrics: Sendable {
    private let limited = Counter(label: "claimer_rate_limited_total")

    func record(_ resolution: JobResolution) {
        Counter(label: "claimer_attempts_total", dimensions: [("state", resolution.state.rawValue),
                                                              ("outcome", resolution.outcome ?? "")]).increment()
    }

    func rateLimited() { limited.increment() }
}
