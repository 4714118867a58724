import CProtobufC

/// A protobuf message type, described at run time by its protobuf-c descriptor.
public struct ProtoType: @unchecked Sendable, Hashable, CustomStringConvertible {
    // The descriptor is a static constant emitted by protoc-c: it lives as long as the process.
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>

    /// Wraps a protoc-c message descriptor (for example one found through `ProtoRegistry`).
    public init(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.descriptor = descriptor
    }

    /// Fully qualified proto name, e.g. `platform.Envelope`.
    public var name: String { String(cString: descriptor.pointee.name) }

    public var description: String { name }

    /// The fields in declaration order.
    public var fields: [ProtoField] {
        (0..<Int(descriptor.pointee.n_fields)).map { ProtoField(descriptor.pointee.fields + $0) }
    }

    /// Looks a field up by its proto name (`request_id`) or its JSON name (`requestId`).
    public func field(named name: String) -> ProtoField? {
        fields.first { $0.name == name || $0.jsonName == name }
    }

    public static func == (lhs: ProtoType, rhs: ProtoType) -> Bool { lhs.descriptor == rhs.descriptor }
    public func hash(into hasher: inout Hasher) { hasher.combine(UnsafeRawPointer(descriptor)) }
}
