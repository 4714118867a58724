internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct, like `Envelope`: every earn at a till
/// answers with one, and through the generic bridge an encode
/// took ~7 µs against ~1 µs. Decoding keeps the generic path.
extension EarnReply {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        var message = Loyalty__EarnReply()
        ProtoWire.initialize(&message, as: Self.wireType)
        message.transaction_id = transactionId
        message.points_earned = pointsEarned
        message.balance = balance
        return ProtoWire.pack(&message)
    }
}
