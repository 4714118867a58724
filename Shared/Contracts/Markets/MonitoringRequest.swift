import ProtoBridge

/// MonitoringRequest (proto `markets.MonitoringRequest`).
public struct MonitoringRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MonitoringRequest"

    public init() {}
}
