/// An external sign-in provider (the original's "sign in with X"). The handlers call it; a real
/// implementation needs the provider reachable over the internet, so by default none is configured.
public protocol OAuthProvider: Sendable {
    /// Where to send the browser to sign in, carrying `state` back to the callback.
    func authorizationURL(state: String) throws -> String
    /// The provider's user for an authorization `code`.
    func identity(code: String) async throws -> ExternalIdentity
}

/// Who the provider says signed in.
public struct ExternalIdentity: Sendable, Equatable {
    public var provider: String
    public var subject: String
    public var username: String
}

/// The provider when `OAUTH_PROVIDER_URL` is not set: every call is a clear 501.
public struct UnconfiguredOAuthProvider: OAuthProvider {
    public let name: String

    public init(name: String) { self.name = name }

    public func authorizationURL(state: String) throws -> String {
        throw AccountError.oauthNotConfigured(name)
    }

    public func identity(code: String) async throws -> ExternalIdentity {
        throw AccountError.oauthNotConfigured(name)
    }
}
