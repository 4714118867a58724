import Bus
import Contracts
import Prometheus
import Store
import Synchronization

/// Prometheus metrics of one process: calls by method and status, call latency, pool use.
public final class ServiceMetrics: RPCObserver, Sendable {
    public let registry: PrometheusCollectorRegistry
    private let prefix: String
    /// The registry's metrics by label values, looked up once: `makeCounter` validates and hashes
    /// every label on each call, which cost ~4% of a service's CPU at a few thousand calls a second.
    private let counters = Mutex<[CallKey: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    /// A service's own metrics (`counter`, `gauge`, `observe`) by name and labels.
    private let named = Mutex<[NamedKey: NamedMetric]>([:])

    private struct NamedKey: Hashable {
        var name: String
        var labels: [String]
    }

    private enum NamedMetric {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(DurationHistogram)
    }

    private struct CallKey: Hashable {
        var method: String
        var status: StatusCode
    }

    public init(prefix: String = "rpc", registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.prefix = prefix
    }

    public func served(method: String, status: StatusCode, duration: Duration) {
        let key = CallKey(method: method, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: .init(
                    namespace: prefix,
                    metricName: "requests",
                    unitName: "total",
                    helpText: "Requests served, by method and status"
                ),
                labels: [("method", method), ("status", status.rawValue)]
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = histograms.withLock { histograms in
            if let histogram = histograms[method] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: .init(
                    namespace: prefix,
                    metricName: "request_duration",
                    unitName: "seconds",
                    helpText: "Time to serve a request, by method"
                ),
                labels: [("method", method)],
                buckets: Self.latencyBuckets
            )
            histograms[method] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// Adds `amount` to counter `name` (`…_total`), creating it with its help text on first use.
    public func increment(_ name: String, help: String, labels: [(String, String)] = [], by amount: Int64 = 1) {
        guard case .counter(let counter) = metric(name, labels, { .counter(registry.makeCounter(name: name, labels: labels, help: help)) }) else {
            return
        }
        counter.increment(by: amount)
    }

    /// Sets gauge `name`.
    public func set(_ name: String, help: String, labels: [(String, String)] = [], to value: Double) {
        guard case .gauge(let gauge) = metric(name, labels, { .gauge(registry.makeGauge(name: name, labels: labels, help: help)) }) else { return }
        gauge.set(value)
    }

    /// Records `duration` in histogram `name` (seconds, the RPC latency buckets).
    public func observe(_ name: String, help: String, labels: [(String, String)] = [], duration: Duration) {
        let made = metric(name, labels) {
            .histogram(
                registry.makeDurationHistogram(name: name, labels: labels, buckets: Self.latencyBuckets + [.seconds(30), .seconds(120)], help: help)
            )
        }
        guard case .histogram(let histogram) = made else { return }
        histogram.record(duration)
    }

    private func metric(_ name: String, _ labels: [(String, String)], _ make: () -> NamedMetric) -> NamedMetric {
        let key = NamedKey(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return named.withLock { named in
            if let metric = named[key] { return metric }
            let metric = make()
            named[key] = metric
            return metric
        }
    }

    /// `<service>_build_info{service,version} 1`: which build a scrape came from.
    public func recordBuild(service: String, version: String) {
        set(
            "build_info",
            help: "The running build: always 1, labelled with the service and its version",
            labels: [("service", service), ("version", version)],
            to: 1
        )
    }

    /// `/proc/self` figures, sampled before each scrape.
    public let process = ProcessMetrics()

    /// Samples the pool's use into gauges (called before each scrape).
    public func record(pool: PoolStats) {
        registry.makeGauge(descriptor: Self.pool("connections", "Pool connections by state"), labels: [("state", "in_use")]).set(Double(pool.inUse))
        registry.makeGauge(descriptor: Self.pool("connections", "Pool connections by state"), labels: [("state", "idle")]).set(Double(pool.idle))
        registry.makeGauge(descriptor: Self.pool("waiting", "Callers waiting for a connection"), labels: []).set(Double(pool.waiting))
        registry.makeGauge(descriptor: Self.pool("size", "Connections the pool may open"), labels: []).set(Double(pool.size))
    }

    private static func pool(_ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "db", metricName: "pool", unitName: unit, helpText: help)
    }

    /// The Prometheus text exposition.
    public func text() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
    ]
}
