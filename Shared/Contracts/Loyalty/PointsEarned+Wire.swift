internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every earn and every redemption's cashback writes one. Decoding keeps the generic path.
extension PointsEarned {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__PointsEarned(), as: Self.wireType) { message, arena in
            message.card = arena.string(card)
            message.store_id = storeId
            message.points = points
            message.balance = balance
            message.entry_id = entryId
            message.occurred_at = arena.string(occurredAt)
            message.expires_at = arena.string(expiresAt)
        }
    }
}
