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
        let arena = ProtoWireArena()
        var message = Platform__Event()
        ProtoWire.initialize(&message, as: Self.wireType)
        message.id = arena.string(id)
        message.topic = arena.string(topic)
        message.occurred_at_unix_ms = occurredAtUnixMs
        message.sequence = sequence
        message.source = arena.string(source)
        try arena.refuseNul(in: Self.wireType)
        return payload.withUnsafeBytes { payload in
            message.payload = ProtobufCBinaryData(
                len: payload.count,
                data: UnsafeMutablePointer(mutating: payload.bindMemory(to: UInt8.self).baseAddress)
            )
            return ProtoWire.pack(&message)
        }
    }
}
