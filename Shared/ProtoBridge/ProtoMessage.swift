/// A message of any generated type, held as field values keyed by proto field name.
///
/// This is the one generic form every message passes through: protobuf-c bytes, JSON and
/// Swift `Codable` types all convert to and from it, driven by the descriptors.
public struct ProtoMessage: Sendable, Equatable {
    public let type: ProtoType
    /// Values by proto field name (`request_id`). Unset message and oneof fields are absent.
    public var fields: [String: ProtoValue]

    public init(type: ProtoType, fields: [String: ProtoValue] = [:]) {
        self.type = type
        self.fields = fields
    }

    public subscript(_ name: String) -> ProtoValue? {
        get { fields[name] }
        set { fields[name] = newValue }
    }
}
