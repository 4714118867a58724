import ProtoBridge

/// Answer of the `Echo` method (proto `platform.EchoReply`).
public struct EchoReply: ProtoCodable, Equatable {
    public static let protoName = "platform.EchoReply"
    public var text: String

    public init(text: String) { self.text = text }
}
