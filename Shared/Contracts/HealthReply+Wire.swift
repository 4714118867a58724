internal import CProto
internal import CProtobufC
import ProtoBridge

/// Through protoc-c's struct (`ProtoWire`): every service answers health probes with one, and
/// through the generic bridge its encoding was a sixth of a service's CPU per `Health` call.
extension HealthReply {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Platform__HealthReply.self) { message in
            HealthReply(
                service: ProtoWire.string(message.service),
                version: ProtoWire.string(message.version),
                databaseReachable: message.database_reachable != 0,
                uptimeSeconds: message.uptime_seconds,
                instance: ProtoWire.string(message.instance)
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Platform__HealthReply(), as: Self.wireType) { message, arena in
            message.service = arena.string(service)
            message.version = arena.string(version)
            message.database_reachable = databaseReachable ? 1 : 0
            message.uptime_seconds = uptimeSeconds
            message.instance = arena.string(instance)
        }
    }
}
