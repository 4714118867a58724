import ProtoBridge

/// Request of the `EventsSince` catch-up method (proto `platform.EventsSinceRequest`).
public struct EventsSinceRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.EventsSinceRequest"
    public var afterSequence: Int64
    public var limit: Int32

    public init(afterSequence: Int64, limit: Int32 = 500) {
        self.afterSequence = afterSequence
        self.limit = limit
    }
}
