import ProtoBridge

/// CircuitBreakerStatus (proto `markets.CircuitBreakerStatus`).
public struct CircuitBreakerStatus: ProtoCodable, Equatable {
    public static let protoName = "markets.CircuitBreakerStatus"
    /// closed, open, half_open
    public var state: String
    public var consecutiveFailures: Int32
    public var failureThreshold: Int32
    public var openedAt: String
    public var nextAttemptAt: String
    public var failuresTotal: Int32

    public init(state: String = "",
                consecutiveFailures: Int32 = 0,
                failureThreshold: Int32 = 0,
                openedAt: String = "",
                nextAttemptAt: String = "",
                failuresTotal: Int32 = 0) {
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.failureThreshold = failureThreshold
        self.openedAt = openedAt
        self.nextAttemptAt = nextAttemptAt
        self.failuresTotal = failuresTotal
    }
}
