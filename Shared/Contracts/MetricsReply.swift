import ProtoBridge

/// The service's Prometheus text (proto `platform.MetricsReply`).
public struct MetricsReply: ProtoCodable, Equatable {
    public static let protoName = "platform.MetricsReply"
    public var text: String

    public init(text: String) { self.text = text }
}
