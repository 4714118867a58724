import ProtoBridge

/// Answer of `EventsSince` (proto `platform.EventsSinceReply`).
public struct EventsSinceReply: ProtoCodable, Equatable {
    public static let protoName = "platform.EventsSinceReply"
    public var events: [Event]
    /// The lowest sequence the publisher still keeps (0: none); events before it were pruned.
    public var oldestSequence: Int64

    public init(events: [Event], oldestSequence: Int64 = 0) {
        self.events = events
        self.oldestSequence = oldestSequence
    }

    /// How many events after `sequence` were pruned before this reader asked for them.
    public func missed(after sequence: Int64) -> Int64 {
        oldestSequence > sequence + 1 ? oldestSequence - sequence - 1 : 0
    }
}
