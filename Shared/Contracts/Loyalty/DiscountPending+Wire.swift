internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct, like `Envelope`: every redemption writes
/// one, and through the generic bridge an encode
/// took ~7 µs against ~1 µs. Decoding keeps the generic path.
extension DiscountPending {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        let arena = ProtoWireArena()
        var message = Loyalty__DiscountPending()
        ProtoWire.initialize(&message, as: Self.wireType)
        message.discount_id = discountId
        message.store_id = storeId
        message.card = arena.string(card)
        message.amount = amount
        message.expires_at = arena.string(expiresAt)
        try arena.refuseNul(in: Self.wireType)
        return ProtoWire.pack(&message)
    }
}
