internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every redemption writes one. Decoding keeps the generic path.
extension DiscountPending {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__DiscountPending(), as: Self.wireType) { message, arena in
            message.discount_id = discountId
            message.store_id = storeId
            message.card = arena.string(card)
            message.amount = amount
            message.expires_at = arena.string(expiresAt)
        }
    }
}
