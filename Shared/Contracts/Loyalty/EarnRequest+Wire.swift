internal import CProto
internal import CProtobufC
import ProtoBridge

/// Every earn at a till arrives as one: mapped to protoc-c's struct by hand like `Envelope`.
extension EarnRequest {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Loyalty__EarnRequest.self) { message in
            EarnRequest(card: ProtoWire.string(message.card), storeId: message.store_id, amount: ProtoWire.string(message.amount))
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Loyalty__EarnRequest(), as: Self.wireType) { message, arena in
            message.card = arena.string(card)
            message.store_id = storeId
            message.amount = arena.string(amount)
        }
    }
}
