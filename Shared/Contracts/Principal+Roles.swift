extension Principal {
    /// The principal of a service acting for itself (scheduler jobs, internal calls).
    public static func service(_ name: String) -> Principal {
        Principal(subject: "service:\(name)", roles: ["service"])
    }

    /// Whether the principal carries `role`.
    public func has(role: String) -> Bool { roles.contains(role) }
}
