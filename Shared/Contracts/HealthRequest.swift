import ProtoBridge

/// Request of the `Health` method (proto `platform.HealthRequest`).
public struct HealthRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.HealthRequest"
    public init() {}
}
