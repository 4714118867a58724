import Foundation

/// A Swift `Codable` type that mirrors a proto message: its property names are the proto3 JSON
/// names, so the generic bridge converts it to and from wire bytes without hand-written code.
public protocol ProtoCodable: Codable, Sendable {
    /// Fully qualified proto name, e.g. `platform.Envelope`.
    static var protoName: String { get }

    /// Decodes protobuf wire bytes (the default goes through `ProtoMessage` and `Codable`).
    init(serializedBytes bytes: [UInt8]) throws

    /// Encodes as protobuf wire bytes (the default goes through `ProtoMessage` and `Codable`).
    func serializedBytes() throws -> [UInt8]
}

extension ProtoCodable {
    /// The run-time description of the mirrored message.
    public static var protoType: ProtoType { ProtoRegistry.require(protoName) }

    /// Decodes protobuf wire bytes.
    public init(serializedBytes bytes: [UInt8]) throws {
        try self.init(protoMessage: try ProtoMessage(type: Self.protoType, serializedBytes: bytes))
    }

    /// Encodes as protobuf wire bytes.
    public func serializedBytes() throws -> [UInt8] {
        try protoMessage().serializedBytes()
    }

    /// Converts from the generic message form.
    public init(protoMessage message: ProtoMessage) throws {
        do {
            self = try ProtoMessageDecoder().decode(Self.self, from: message)
        } catch {
            throw ProtoError(.typeMismatch, "\(Self.self) does not mirror \(message.type.name): \(error)")
        }
    }

    /// Converts to the generic message form; fields the proto does not declare are violations.
    public func protoMessage() throws -> ProtoMessage {
        try ProtoMessageEncoder().encode(self, as: Self.protoType)
    }
}
