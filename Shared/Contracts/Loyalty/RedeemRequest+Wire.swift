internal import CProto
internal import CProtobufC
import ProtoBridge

/// Every redemption at a till arrives as one: mapped to protoc-c's struct by hand like `Envelope`.
extension RedeemRequest {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Loyalty__RedeemRequest.self) { message in
            RedeemRequest(
                card: ProtoWire.string(message.card),
                storeId: message.store_id,
                amount: ProtoWire.string(message.amount),
                points: message.points
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__RedeemRequest(), as: Self.wireType) { message, arena in
            message.card = arena.string(card)
            message.store_id = storeId
            message.amount = arena.string(amount)
            message.points = points
        }
    }
}
