/// Who may call a route: which kinds of credential it takes, and for some which roles.
public enum AuthRule: Sendable, Equatable {
    /// Anyone; a valid credential is still passed on when present.
    case open
    /// Any valid bearer token.
    case authenticated
    /// A valid bearer token with at least one of these roles.
    case anyRole([String])
    /// Any valid credential: bearer token, Telegram WebApp initData or a store API key; the
    /// service decides what each may do (e.g. whether a Telegram user is that store's cashier).
    case anyCredential
    /// A valid credential of one of these kinds; the service decides the rest.
    case only(Set<CredentialKind>)

    /// The credential kinds the route takes (every kind for `open`).
    public var accepted: Set<CredentialKind> {
        switch self {
        case .open, .anyCredential: return Set(CredentialKind.allCases)
        case .authenticated, .anyRole: return [.bearer]
        case .only(let kinds): return kinds
        }
    }

    /// The accepted kinds in words, for errors and the API document.
    public var acceptedDescription: String {
        let names: [CredentialKind: String] = [.bearer: "a bearer token", .telegram: "Telegram initData", .storeKey: "an x-store-api-key"]
        return CredentialKind.allCases.filter(accepted.contains).compactMap { names[$0] }.joined(separator: " or ")
    }
}
