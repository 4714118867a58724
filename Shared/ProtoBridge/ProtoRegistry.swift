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

    /// Fields of every registered type, read once: an immutable table, safe to read from any thread.
    // Immutable after its one-time initialisation; the keys are static protoc-c descriptors.
    nonisolated(unsafe) static let fieldTable: [UnsafeRawPointer: FieldTable] = {
        var table: [UnsafeRawPointer: FieldTable] = [:]
        for index in 0..<cproto_message_count() {
            guard let descriptor = cproto_message_at(index) else { continue }
            let fields = ProtoType.readFields(descriptor)
            var byName: [String: ProtoField] = [:]
            for field in fields {
                byName[field.name] = field
                byName[field.jsonName] = field
            }
            table[UnsafeRawPointer(descriptor)] = FieldTable(fields: fields, byName: byName)
        }
        return table
    }()

    struct FieldTable: @unchecked Sendable {
        let fields: [ProtoField]
        let byName: [String: ProtoField]
    }

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
