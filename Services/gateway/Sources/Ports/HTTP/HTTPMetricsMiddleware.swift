import Hummingbird
import Prometheus
import Synchronization

/// Counts HTTP requests by route and status and records their latency.
struct HTTPMetricsMiddleware: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    /// The registry's metrics by label values, looked up once (`makeCounter` validates and hashes
    /// every label on each call).
    private let cache = Cache()

    private final class Cache: Sendable {
        let metrics = Mutex<Metrics>(Metrics())
    }

    private struct Metrics {
        var counters: [CounterKey: Counter] = [:]
        var histograms: [String: DurationHistogram] = [:]
    }

    private struct CounterKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func handle(
        _ request: Request,
        context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let (counter, histogram) = metrics(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status)
            counter.increment()
            histogram.record(ContinuousClock.now - started)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }

    private func metrics(route: String, method: String, status: Int) -> (Counter, DurationHistogram) {
        cache.metrics.withLock { metrics in
            let key = CounterKey(route: route, method: method, status: status)
            if let counter = metrics.counters[key], let histogram = metrics.histograms[route] { return (counter, histogram) }
            let counter = registry.makeCounter(
                descriptor: .init(
                    namespace: "http",
                    metricName: "requests",
                    unitName: "total",
                    helpText: "HTTP requests by route, method and status"
                ),
                labels: [("route", route), ("method", method), ("status", String(status))]
            )
            let histogram = registry.makeDurationHistogram(
                descriptor: .init(
                    namespace: "http",
                    metricName: "request_duration",
                    unitName: "seconds",
                    helpText: "HTTP request latency by route"
                ),
                labels: [("route", route)],
                buckets: [
                    .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                    .seconds(1), .seconds(5),
                ]
            )
            metrics.counters[key] = counter
            metrics.histograms[route] = histogram
            return (counter, histogram)
        }
    }
}
