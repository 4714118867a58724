internal import CProto
internal import CProtobufC
import ProtoBridge

/// The hottest call of code-inventory: mapped to protoc-c's struct by hand like `Envelope`.
extension ReserveCodesRequest {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, CodeInventory__ReserveCodesRequest.self) { message in
            ReserveCodesRequest(
                campaignId: ProtoWire.string(message.campaign_id),
                type: ProtoWire.string(message.type),
                count: message.count
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(CodeInventory__ReserveCodesRequest(), as: Self.wireType) { message, arena in
            message.campaign_id = arena.string(campaignId)
            message.type = arena.string(type)
            message.count = count
        }
    }
}
