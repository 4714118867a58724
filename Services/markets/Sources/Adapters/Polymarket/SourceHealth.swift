import Foundation

/// Everything known about the source's health at one moment: the limiter, the breaker and the last
/// outcome of a call. What the monitoring methods show.
public struct SourceHealth: Sendable {
    public var bucket: TokenBucket
    public var breaker: CircuitBreaker
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(bucket: TokenBucket, breaker: CircuitBreaker) {
        self.bucket = bucket
        self.breaker = breaker
    }
}
