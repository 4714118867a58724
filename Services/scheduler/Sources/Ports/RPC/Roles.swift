/// Role names the service checks (the gateway checks them too, but the bus can be called directly).
enum Roles {
    /// Operators (REST, JWT): every scheduler method.
    static let admin = "admin"
}
