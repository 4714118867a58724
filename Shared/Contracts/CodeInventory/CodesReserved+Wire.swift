import CProto
import CProtobufC
import ProtoBridge

/// One event per reservation, encoded inside the reserve transaction: mapped to protoc-c's struct by hand.
extension CodesReserved {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, CodeInventory__CodesReserved.self) { message in
            CodesReserved(campaignId: ProtoWire.string(message.campaign_id), type: ProtoWire.string(message.type),
                          reserveId: ProtoWire.string(message.reserve_id), codes: ProtoWire.strings(message.n_codes, message.codes),
                          reservedAt: ProtoWire.string(message.reserved_at), expiresAt: ProtoWire.string(message.expires_at))
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        let arena = ProtoWireArena()
        var message = CodeInventory__CodesReserved()
        ProtoWire.initialize(&message, as: Self.wireType)
        message.campaign_id = arena.string(campaignId)
        message.type = arena.string(type)
        message.reserve_id = arena.string(reserveId)
        (message.n_codes, message.codes) = arena.strings(codes)
        message.reserved_at = arena.string(reservedAt)
        message.expires_at = arena.string(expiresAt)
        return ProtoWire.pack(&message)
    }
}
