/// Who may call a route.
public enum AuthRule: Sendable, Equatable {
    /// Anyone; a valid bearer token is still passed on when present.
    case open
    /// Any valid bearer token.
    case authenticated
    /// A valid bearer token with at least one of these roles.
    case anyRole([String])
}
