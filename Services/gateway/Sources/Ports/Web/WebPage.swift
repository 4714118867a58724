/// The gateway's pages: each is a Mustache template (filling the `layout`) with its own script
/// module and style sheet under `/static/`.
public enum WebPage: String, Sendable, CaseIterable {
    /// `/cashier`: the till screen.
    case cashier
    /// `/`: the customer's card in Telegram.
    case portal
    /// `/profile`: the customer's name.
    case profile

    public var path: String {
        switch self {
        case .cashier: "/cashier"
        case .portal: "/"
        case .profile: "/profile"
        }
    }

    /// The page's style sheet under `/static/` (the profile looks like the card).
    var styleSheet: String { self == .profile ? "portal" : rawValue }

    /// The string table key of the page's title.
    var titleKey: String {
        switch self {
        case .cashier: "cashier_title"
        case .portal: "portal_title"
        case .profile: "profile_title"
        }
    }
}
