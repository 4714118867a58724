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

    /// The fields in declaration order (read once per type for the types in `ProtoRegistry`).
    public var fields: [ProtoField] {
        ProtoRegistry.fieldTable[UnsafeRawPointer(descriptor)]?.fields ?? ProtoType.readFields(descriptor)
    }

    /// Looks a field up by its proto name (`request_id`) or its JSON name (`requestId`).
    public func field(named name: String) -> ProtoField? {
        if let table = ProtoRegistry.fieldTable[UnsafeRawPointer(descriptor)] { return table.byName[name] }
        return fields.first { $0.name == name || $0.jsonName == name }
    }

    static func readFields(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> [ProtoField] {
        (0..<Int(descriptor.pointee.n_fields)).map { ProtoField(descriptor.pointee.fields + $0) }
    }

    public static func == (lhs: ProtoType, rhs: ProtoType) -> Bool { lhs.descriptor == rhs.descriptor }
    public func hash(into hasher: inout Hasher) { hasher.combine(UnsafeRawPointer(descriptor)) }
}
