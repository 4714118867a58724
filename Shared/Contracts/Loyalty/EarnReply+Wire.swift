internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every earn at a till answers with one. Decoding keeps the generic path.
extension EarnReply {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__EarnReply(), as: Self.wireType) { message, _ in
            message.transaction_id = transactionId
            message.points_earned = pointsEarned
            message.balance = balance
        }
    }
}
