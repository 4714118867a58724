internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every bet placed answers with one. Decoding keeps the generic path.
extension Bet {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Markets__Bet(), as: Self.wireType) { message, arena in
            message.id = arena.string(id)
            message.market_id = arena.string(marketId)
            message.outcome = arena.string(outcome)
            message.amount = amount
            message.shares = arena.string(shares)
            message.price = price
            message.status = arena.string(status)
            message.payout = payout
            message.proceeds = proceeds
            message.created_at = arena.string(createdAt)
            message.settled_at = arena.string(settledAt)
            message.unfilled = unfilled
        }
    }
}
