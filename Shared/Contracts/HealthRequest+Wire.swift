internal import CProto
internal import CProtobufC
import ProtoBridge

/// Through protoc-c's struct (`ProtoWire`), like `HealthReply`: health probes call every service often.
extension HealthRequest {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Platform__HealthRequest.self) { _ in HealthRequest() }
    }

    public func serializedBytes() throws -> [UInt8] {
        try ProtoWire.encode(Platform__HealthRequest(), as: Self.wireType) { _, _ in }
    }
}
