internal import CProto
internal import CProtobufC
import Foundation
import ProtoBridge

/// Every event is encoded by a relay and decoded by each subscriber, so it maps protoc-c's struct
/// by hand like `Envelope`; `EnvelopeWireTests` keeps it in step with the generic path.
extension Event {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Platform__Event.self) { message in
            Event(
                id: ProtoWire.string(message.id),
                topic: ProtoWire.string(message.topic),
                occurredAtUnixMs: message.occurred_at_unix_ms,
                payload: ProtoWire.data(message.payload),
                sequence: message.sequence,
                source: ProtoWire.string(message.source)
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Platform__Event(), as: Self.wireType) { message, arena in
            message.id = arena.string(id)
            message.topic = arena.string(topic)
            message.occurred_at_unix_ms = occurredAtUnixMs
            message.sequence = sequence
            message.source = arena.string(source)
        } pack: { message in
            ProtoWire.withBinary(payload) { payload in
                message.payload = payload
                return ProtoWire.pack(&message)
            }
        }
    }
}
