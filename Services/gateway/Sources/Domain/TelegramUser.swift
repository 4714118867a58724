/// The Telegram user a verified WebApp initData names.
public struct TelegramUser: Sendable, Equatable, Decodable {
    public var id: Int64
    public var firstName: String?
    public var lastName: String?
    public var username: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case firstName = "first_name"
        case lastName = "last_name"
    }

    public init(id: Int64, firstName: String? = nil, lastName: String? = nil, username: String? = nil) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
    }

    /// "First Last", else the username, else "", without control characters (a NUL would end
    /// the name early on the bus, and no name needs one).
    public var displayName: String {
        let full = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let name = full.isEmpty ? username ?? "" : full
        return String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }
}
