/// Who may call a route.
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
}
