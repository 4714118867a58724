import ServiceKit

/// Every way an account operation can refuse; mapped to reply codes in `AccountError+RPC`.
public enum AccountError: Error, Sendable, Equatable {
    case invalid([Violation])
    case emailTaken
    case usernameTaken
    /// Wrong password and unknown email look the same to the caller.
    case invalidCredentials
    case invalidRefreshToken
    case userNotFound(String)
    case signInRequired
    case oauthNotConfigured(String)

    static func invalid(_ field: String, _ description: String) -> AccountError {
        .invalid([Violation(field, description)])
    }
}
