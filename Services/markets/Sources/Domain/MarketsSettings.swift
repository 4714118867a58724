import Foundation
import ServiceKit

/// The service's settings, from the environment.
public struct MarketsSettings: Sendable {
    /// HS256 key shared with the gateway: access tokens issued here are verified there.
    public var jwtSecret: String
    public var accessTokenSeconds: Int
    public var refreshTokenDays: Int
    /// PBKDF2-SHA256 rounds for new password hashes (stored with each hash; tests lower it).
    public var passwordIterations: Int
    public var signupCredits: Int
    /// Base URL of the Polymarket-Gamma-shaped source; empty means the bundled fixture file.
    public var polymarketURL: String
    public var polymarketRequestsPerMinute: Int
    /// An external OAuth provider for "sign in with X"; empty means those routes answer 501.
    public var oauthProviderURL: String

    public init(
        jwtSecret: String = "dev-only-secret-change-me-0123456789abcdef",
        accessTokenSeconds: Int = 900,
        refreshTokenDays: Int = 30,
        passwordIterations: Int = 600_000,
        signupCredits: Int = 1000,
        polymarketURL: String = "",
        polymarketRequestsPerMinute: Int = 60,
        oauthProviderURL: String = ""
    ) {
        self.jwtSecret = jwtSecret
        self.accessTokenSeconds = accessTokenSeconds
        self.refreshTokenDays = refreshTokenDays
        self.passwordIterations = passwordIterations
        self.signupCredits = signupCredits
        self.polymarketURL = polymarketURL
        self.polymarketRequestsPerMinute = polymarketRequestsPerMinute
        self.oauthProviderURL = oauthProviderURL
    }

    public init(environment env: ServiceEnvironment) {
        self.init(
            jwtSecret: env.string("JWT_SECRET", default: "dev-only-secret-change-me-0123456789abcdef"),
            accessTokenSeconds: env.int("ACCESS_TOKEN_SECONDS", default: 900),
            refreshTokenDays: env.int("REFRESH_TOKEN_DAYS", default: 30),
            passwordIterations: max(1, env.int("PASSWORD_HASH_ITERATIONS", default: 600_000)),
            signupCredits: 1000,
            polymarketURL: env.string("POLYMARKET_API_URL", default: ""),
            polymarketRequestsPerMinute: max(1, env.int("POLYMARKET_REQUESTS_PER_MINUTE", default: 60)),
            oauthProviderURL: env.string("OAUTH_PROVIDER_URL", default: "")
        )
    }
}
