internal import CProto
internal import CProtobufC
import ProtoBridge

/// Encoded through protoc-c's struct (`ProtoWire`): every bet placed writes one. Decoding keeps the generic path.
extension BetPlaced {
    private static let wireType = ProtoRegistry.require(protoName)

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Markets__BetPlaced(), as: Self.wireType) { message, arena in
            message.bet_id = arena.string(betId)
            message.user_id = arena.string(userId)
            message.market_id = arena.string(marketId)
            message.outcome = arena.string(outcome)
            message.amount = amount
            message.shares = arena.string(shares)
            message.occurred_at = arena.string(occurredAt)
        }
    }
}
