internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every redemption at a till answers with one. Decoding keeps the generic path.
extension RedeemReply {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__RedeemReply(), as: Self.wireType) { message, _ in
            message.transaction_id = transactionId
            message.points_redeemed = pointsRedeemed
            message.points_earned = pointsEarned
            message.balance = balance
            message.discount_id = discountId
        }
    }
}
