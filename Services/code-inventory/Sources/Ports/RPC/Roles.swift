/// Role names the service checks (the gateway checks them too, but the bus can be called directly).
enum Roles {
    /// Admin users of campaign codes (REST, JWT).
    static let supreme = "supreme"
    /// Admin users of promo codes (REST, JWT).
    static let admin = "admin"
    /// Other services acting for themselves (`Principal.service(_:)`); never issued to people.
    static let service = "service"
}
