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
        registry.makeCounter(descriptor: .init(namespace: prefix, metricName: "requests", unitName: "total",
                                               helpText: "Requests served, by method and status"),
                             labels: [("method", method), ("status", status.rawValue)])
            .increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: prefix, metricName: "request_duration", unitName: "seconds",
                                                         helpText: "Time to serve a request, by method"),
                                       labels: [("method", method)], buckets: Self.latencyBuckets)
            .record(duration)
    }

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
