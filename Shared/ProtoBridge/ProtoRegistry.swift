import CProto
import CProtobufC

/// Every message and enum type compiled from proto/, found by fully qualified name.
public enum ProtoRegistry {
    /// All message types, keyed by proto name (`platform.Envelope`).
    public static let messageTypes: [String: ProtoType] = {
        var types: [String: ProtoType] = [:]
        for index in 0..<cproto_message_count() {
            if let descriptor = cproto_message_at(index) {
                let type = ProtoType(descriptor)
                types[type.name] = type
            }
        }
        return types
    }()

    /// The message type with this proto name, or nil when proto/ declares none.
    public static func type(named name: String) -> ProtoType? {
        messageTypes[name]
    }

    /// The message type with this proto name; a missing name is a programming error.
    public static func require(_ name: String) -> ProtoType {
        guard let type = messageTypes[name] else {
            preconditionFailure("proto type \(name) is not compiled into CProto; run `make proto`")
        }
        return type
    }
}
