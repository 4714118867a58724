import ProtoBridge

/// Who is calling (proto `platform.Principal`).
public struct Principal: ProtoCodable, Equatable {
    public static let protoName = "platform.Principal"
    public var subject: String
    public var roles: [String]
    public var storeId: String
    /// Human-readable name when the credential carries one (Telegram initData).
    public var displayName: String

    public init(subject: String = "", roles: [String] = [], storeId: String = "", displayName: String = "") {
        self.subject = subject
        self.roles = roles
        self.storeId = storeId
        self.displayName = displayName
    }

    /// The principal of a service acting for itself (scheduler jobs, internal calls).
    public static func service(_ name: String) -> Principal {
        Principal(subject: "service:\(name)", roles: ["service"])
    }

    public func has(role: String) -> Bool { roles.contains(role) }
}
