import ProtoBridge

/// Request of the `Metrics` method (proto `platform.MetricsRequest`).
public struct MetricsRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.MetricsRequest"
    public init() {}
}
