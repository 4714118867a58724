import CProtobufC

/// A protobuf enum type, described at run time by its protobuf-c descriptor.
public struct ProtoEnumType: @unchecked Sendable {
    let descriptor: UnsafePointer<ProtobufCEnumDescriptor>

    init(_ descriptor: UnsafePointer<ProtobufCEnumDescriptor>) {
        self.descriptor = descriptor
    }

    /// Fully qualified proto name, e.g. `platform.Code`.
    public var name: String { String(cString: descriptor.pointee.name) }

    /// The proto name of a value (`NOT_FOUND`), or nil for a number the enum does not declare.
    public func name(of number: Int32) -> String? {
        for index in 0..<Int(descriptor.pointee.n_values) {
            let value = descriptor.pointee.values[index]
            if value.value == number { return String(cString: value.name) }
        }
        return nil
    }

    /// The number of a value given its proto name.
    public func number(of name: String) -> Int32? {
        for index in 0..<Int(descriptor.pointee.n_values) {
            let value = descriptor.pointee.values[index]
            if String(cString: value.name) == name { return value.value }
        }
        return nil
    }
}
