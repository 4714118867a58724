import Bus
import Contracts
import Prometheus
import Store

/// Prometheus metrics of one process: calls by method and status, call latency, pool use.
public final class ServiceMetrics: RPCObserver, Sendable {
    public let registry: PrometheusCollectorRegistry
    private let prefix: String

    public init(prefix: String = "rpc", registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.prefix = prefix
    }

    public func served(method: String, status: StatusCode, duration: Duration) {
        registry.makeCounter(name: "\(prefix)_requests_total", labels: [("method", method), ("status", status.rawValue)])
            .increment()
        registry.makeDurationHistogram(name: "\(prefix)_request_duration_seconds", labels: [("method", method)],
                                       buckets: Self.latencyBuckets)
            .record(duration)
    }

    /// Samples the pool's use into gauges (called before each scrape).
    public func record(pool: PoolStats) {
        registry.makeGauge(name: "db_pool_connections", labels: [("state", "in_use")]).set(Double(pool.inUse))
        registry.makeGauge(name: "db_pool_connections", labels: [("state", "idle")]).set(Double(pool.idle))
        registry.makeGauge(name: "db_pool_waiting", labels: []).set(Double(pool.waiting))
        registry.makeGauge(name: "db_pool_size", labels: []).set(Double(pool.size))
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
