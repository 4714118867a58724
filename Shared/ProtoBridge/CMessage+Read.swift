import CProtobufC

extension CMessage {
    /// Converts this C message into a `ProtoMessage`, walking its descriptor.
    func read(as type: ProtoType) -> ProtoMessage {
        CMessage.read(raw, as: type)
    }

    static func read(_ base: UnsafeRawPointer, as type: ProtoType) -> ProtoMessage {
        var message = ProtoMessage(type: type)
        for field in type.fields {
            if field.isRepeated {
                let count = base.load(fromByteOffset: field.quantifierOffset, as: Int.self)
                var items: [ProtoValue] = []
                items.reserveCapacity(count)
                if count > 0, let array = base.load(fromByteOffset: field.offset, as: UnsafeRawPointer?.self) {
                    for index in 0..<count {
                        if let value = readElement(array + index * field.elementSize, field) { items.append(value) }
                    }
                }
                message.fields[field.name] = .list(items)
                continue
            }
            if field.isOneofMember {
                let activeCase = base.load(fromByteOffset: field.quantifierOffset, as: UInt32.self)
                guard activeCase == field.number else { continue }
            } else if field.hasPresenceFlag, field.kind != .message, field.kind != .string {
                let present = base.load(fromByteOffset: field.quantifierOffset, as: protobuf_c_boolean.self)
                guard present != 0 else { continue }
            }
            if let value = readElement(base + field.offset, field) {
                message.fields[field.name] = value
            }
        }
        return message
    }

    /// Reads one stored value (a struct member or an array element) of the field's kind.
    private static func readElement(_ slot: UnsafeRawPointer, _ field: ProtoField) -> ProtoValue? {
        switch field.kind {
        case .int32, .sint32, .sfixed32:
            return .int(Int64(slot.loadUnaligned(as: Int32.self)))
        case .int64, .sint64, .sfixed64:
            return .int(slot.loadUnaligned(as: Int64.self))
        case .uint32, .fixed32:
            return .uint(UInt64(slot.loadUnaligned(as: UInt32.self)))
        case .uint64, .fixed64:
            return .uint(slot.loadUnaligned(as: UInt64.self))
        case .float:
            return .double(Double(slot.loadUnaligned(as: Float.self)))
        case .double:
            return .double(slot.loadUnaligned(as: Double.self))
        case .bool:
            return .bool(slot.loadUnaligned(as: protobuf_c_boolean.self) != 0)
        case .enumeration:
            return .enumeration(slot.loadUnaligned(as: Int32.self))
        case .string:
            guard let text = slot.loadUnaligned(as: UnsafePointer<CChar>?.self) else { return .string("") }
            return .string(String(cString: text))
        case .bytes:
            let binary = slot.loadUnaligned(as: ProtobufCBinaryData.self)
            guard binary.len > 0, let data = binary.data else { return .bytes([]) }
            return .bytes(Array(UnsafeBufferPointer(start: data, count: binary.len)))
        case .message:
            guard let nested = slot.loadUnaligned(as: UnsafeRawPointer?.self), let type = field.messageType else { return nil }
            return .message(read(nested, as: type))
        }
    }
}
