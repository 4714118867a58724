internal import CProto
internal import CProtobufC
import ProtoBridge

/// The event every reserve batch writes inside its transaction: mapped to protoc-c's structs by
/// hand (through the generic bridge it was a fifth of the batch's own CPU time).
extension CodesReserved {
    private static let wireType = ProtoRegistry.require(protoName)
    private static let reservationType = ProtoRegistry.require(CodeReservation.protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, CodeInventory__CodesReserved.self) { message in
            var reservations: [CodeReservation] = []
            if let list = message.reservations {
                reservations = (0..<message.n_reservations).compactMap { index in
                    list[index].map {
                        CodeReservation(
                            reserveId: ProtoWire.string($0.pointee.reserve_id),
                            codes: ProtoWire.strings($0.pointee.n_codes, $0.pointee.codes)
                        )
                    }
                }
            }
            return CodesReserved(
                campaignId: ProtoWire.string(message.campaign_id),
                type: ProtoWire.string(message.type),
                reservedAt: ProtoWire.string(message.reserved_at),
                expiresAt: ProtoWire.string(message.expires_at),
                reservations: reservations
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(CodeInventory__CodesReserved(), as: Self.wireType) { message, arena in
            message.campaign_id = arena.string(campaignId)
            message.type = arena.string(type)
            message.reserved_at = arena.string(reservedAt)
            message.expires_at = arena.string(expiresAt)
            (message.n_reservations, message.reservations) = arena.messages(reservations, as: Self.reservationType) {
                (item: inout CodeInventory__CodeReservation, reservation) in
                item.reserve_id = arena.string(reservation.reserveId)
                (item.n_codes, item.codes) = arena.strings(reservation.codes)
            }
        }
    }
}
