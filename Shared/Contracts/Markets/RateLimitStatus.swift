import ProtoBridge

/// RateLimitStatus (proto `markets.RateLimitStatus`).
public struct RateLimitStatus: ProtoCodable, Equatable {
    public static let protoName = "markets.RateLimitStatus"
    public var limitPerMinute: Int32
    public var tokensAvailable: Double
    public var requestsLastMinute: Int32
    public var throttledTotal: Int32

    public init(limitPerMinute: Int32 = 0,
                tokensAvailable: Double = 0,
                requestsLastMinute: Int32 = 0,
                throttledTotal: Int32 = 0) {
        self.limitPerMinute = limitPerMinute
        self.tokensAvailable = tokensAvailable
        self.requestsLastMinute = requestsLastMinute
        self.throttledTotal = throttledTotal
    }
}
