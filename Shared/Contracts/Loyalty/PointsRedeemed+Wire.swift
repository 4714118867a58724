internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every redemption writes one. Decoding keeps the generic path.
extension PointsRedeemed {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__PointsRedeemed(), as: Self.wireType) { message, arena in
            message.card = arena.string(card)
            message.store_id = storeId
            message.points = points
            message.balance = balance
            message.entry_id = entryId
            message.discount_id = discountId
            message.occurred_at = arena.string(occurredAt)
        }
    }
}
