import Foundation
import ProtoBridge

/// An event on PUB/SUB or read from an outbox (proto `platform.Event`).
public struct Event: ProtoCodable, Equatable {
    public static let protoName = "platform.Event"
    public var id: String
    public var topic: String
    public var occurredAtUnixMs: Int64
    public var payload: Data
    public var sequence: Int64
    public var source: String

    public init(id: String, topic: String, occurredAtUnixMs: Int64, payload: Data, sequence: Int64, source: String) {
        self.id = id
        self.topic = topic
        self.occurredAtUnixMs = occurredAtUnixMs
        self.payload = payload
        self.sequence = sequence
        self.source = source
    }
}
