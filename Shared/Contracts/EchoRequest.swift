import ProtoBridge

/// Request of the `Echo` method (proto `platform.EchoRequest`).
public struct EchoRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.EchoRequest"
    public var text: String
    public var sleepMs: Int64

    public init(text: String, sleepMs: Int64 = 0) {
        self.text = text
        self.sleepMs = sleepMs
    }
}
