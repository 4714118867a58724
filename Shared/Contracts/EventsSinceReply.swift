import ProtoBridge

/// Answer of `EventsSince` (proto `platform.EventsSinceReply`).
public struct EventsSinceReply: ProtoCodable, Equatable {
    public static let protoName = "platform.EventsSinceReply"
    public var events: [Event]

    public init(events: [Event]) { self.events = events }
}
