internal import CProto
internal import CProtobufC
import ProtoBridge

/// The hottest call of markets: mapped to protoc-c's struct by hand like `Envelope`.
extension PlaceBetRequest {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Markets__PlaceBetRequest.self) { message in
            PlaceBetRequest(marketId: ProtoWire.string(message.market_id), outcome: ProtoWire.string(message.outcome), amount: message.amount)
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Markets__PlaceBetRequest(), as: Self.wireType) { message, arena in
            message.market_id = arena.string(marketId)
            message.outcome = arena.string(outcome)
            message.amount = amount
        }
    }
}
