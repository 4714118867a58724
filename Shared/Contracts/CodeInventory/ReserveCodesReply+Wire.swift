internal import CProto
internal import CProtobufC
import ProtoBridge

/// The reply of the hottest call of code-inventory: mapped to protoc-c's struct by hand.
extension ReserveCodesReply {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, CodeInventory__ReserveCodesReply.self) { message in
            ReserveCodesReply(reserveId: ProtoWire.string(message.reserve_id), codes: ProtoWire.strings(message.n_codes, message.codes))
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(CodeInventory__ReserveCodesReply(), as: Self.wireType) { message, arena in
            message.reserve_id = arena.string(reserveId)
            (message.n_codes, message.codes) = arena.strings(codes)
        }
    }
}
