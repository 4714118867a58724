import Hummingbird
import Prometheus

/// Counts HTTP requests by route and status and records their latency.
struct HTTPMetricsMiddleware: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: GatewayRequestContext,
                next: (Request, GatewayRequestContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            registry.makeCounter(descriptor: .init(namespace: "http", metricName: "requests", unitName: "total",
                                                   helpText: "HTTP requests by route, method and status"),
                                 labels: [("route", route), ("method", request.method.rawValue), ("status", String(status))])
                .increment()
            registry.makeDurationHistogram(descriptor: .init(namespace: "http", metricName: "request_duration", unitName: "seconds",
                                                             helpText: "HTTP request latency by route"),
                                           labels: [("route", route)],
                                           buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                     .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                                     .seconds(1), .seconds(5)])
                .record(ContinuousClock.now - started)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}
