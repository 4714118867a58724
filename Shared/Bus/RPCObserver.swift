import Contracts

/// Told about every served call, e.g. to count requests and latency in metrics.
public protocol RPCObserver: Sendable {
    func served(method: String, status: StatusCode, duration: Duration)
}
