extension ProtoMessage {
    /// Decodes protobuf wire bytes of `type`; malformed bytes throw `ProtoError(.malformedBytes)`.
    public init(type: ProtoType, serializedBytes bytes: [UInt8]) throws {
        let parsed = try bytes.withUnsafeBytes { try CMessage.unpack(type, $0) }
        self = parsed.read(as: type)
    }

    /// Encodes the message as standard protobuf wire bytes.
    public func serializedBytes() throws -> [UInt8] {
        try CMessage.build(self).pack()
    }
}
