import Bus
import Contracts
import Foundation
import ServiceKit

/// Signup, login, token refresh and logout, the signed-in user and public profiles.
struct AccountHandlers: Sendable {
    let accounts: AccountStore
    let tiers: TierStore
    let tokens: RefreshTokenStore
    let issuer: TokenIssuer
    let hasher: PasswordHasher
    let oauth: any OAuthProvider
    let settings: MarketsSettings
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(MarketsMethods.signup) { (request: SignupRequest, _) in try await signup(request) }
        runtime.router.register(MarketsMethods.login) { (request: LoginRequest, _) in try await login(request) }
        runtime.router.register(MarketsMethods.refresh) { (request: RefreshRequest, _) in try await refresh(request) }
        runtime.router.register(MarketsMethods.logout) { (request: LogoutRequest, _) in
            LogoutReply(revoked: try await tokens.revoke(request.refreshToken, now: clock.now()))
        }
        runtime.router.register(MarketsMethods.me) { (_: MeRequest, context) in try await me(try await accounts.user(try Self.userId(context))) }
        runtime.router.register(MarketsMethods.updateProfile) { (request: UpdateProfileRequest, context) in
            let change = try ProfileUpdate.validate(username: request.username, avatarURL: request.avatarUrl, bio: request.bio)
            return try await me(try await accounts.update(try Self.userId(context), change, now: clock.now()))
        }
        runtime.router.register(MarketsMethods.getUser) { (request: GetUserRequest, _) in
            guard let id = UUID(uuidString: request.userId) else { throw AccountError.invalid("userId", "must be a user id") }
            let user = try await accounts.user(id)
            return PublicProfile(
                id: Self.text(user.id),
                username: user.username,
                avatarUrl: user.avatarURL,
                bio: user.bio,
                createdAt: Timestamps.format(user.createdAt)
            )
        }
        runtime.router.register(MarketsMethods.oAuthStart) { (_: OAuthStartRequest, _) in
            OAuthRedirect(url: try oauth.authorizationURL(state: TokenIssuer.newRefreshToken()))
        }
        runtime.router.register(MarketsMethods.oAuthCallback) { (request: OAuthCallbackRequest, _) -> AuthReply in
            let identity = try await oauth.identity(code: request.code)
            // Linking an external identity to an account needs a provider to test against; until one
            // is configured `identity` refuses before this line.
            throw AccountError.oauthNotConfigured(identity.provider)
        }
    }

    func signup(_ request: SignupRequest) async throws -> AuthReply {
        let input = try SignupInput.validate(
            email: request.email,
            password: request.password,
            username: request.username,
            referralCode: request.referralCode
        )
        let hasher = self.hasher
        let hash = try await OffThread.run { try hasher.hash(input.password) }
        let user = try await accounts.create(input, passwordHash: hash, signupCredits: settings.signupCredits, now: clock.now())
        return try await session(for: user)
    }

    func login(_ request: LoginRequest) async throws -> AuthReply {
        let email = request.email.trimmingCharacters(in: .whitespaces).lowercased()
        guard !email.isEmpty, !request.password.isEmpty else {
            var violations: [Violation] = []
            if email.isEmpty { violations.append(Violation("email", "is required")) }
            if request.password.isEmpty { violations.append(Violation("password", "is required")) }
            throw AccountError.invalid(violations)
        }
        let found = try await accounts.credentials(email: email)
        let hasher = self.hasher
        let password = request.password
        let matches = try await OffThread.run { () -> Bool in
            guard let hash = found?.passwordHash else {
                hasher.burn(password)
                return false
            }
            return hasher.verify(password, against: hash)
        }
        guard matches, let user = found?.0 else { throw AccountError.invalidCredentials }
        return try await session(for: user)
    }

    func refresh(_ request: RefreshRequest) async throws -> AuthReply {
        guard !request.refreshToken.isEmpty else { throw AccountError.invalid("refreshToken", "is required") }
        let now = clock.now()
        let (userId, next) = try await tokens.rotate(request.refreshToken, now: now)
        let user = try await accounts.user(userId)
        return AuthReply(
            accessToken: try await issuer.accessToken(userId: user.id, roles: user.roles, now: now),
            refreshToken: next,
            tokenType: "Bearer",
            expiresIn: Int32(issuer.accessSeconds),
            user: Self.summary(user)
        )
    }

    private func session(for user: UserRecord) async throws -> AuthReply {
        let now = clock.now()
        let access = try await issuer.accessToken(userId: user.id, roles: user.roles, now: now)
        let refresh = try await tokens.issue(userId: user.id, now: now)
        return AuthReply(
            accessToken: access,
            refreshToken: refresh,
            tokenType: "Bearer",
            expiresIn: Int32(issuer.accessSeconds),
            user: Self.summary(user)
        )
    }

    /// The signed-in user's id (the gateway verified the token and put its subject here).
    static func userId(_ context: RPCContext) throws -> UUID {
        guard let id = UUID(uuidString: context.principal.subject) else { throw AccountError.signInRequired }
        return id
    }

    static func text(_ id: UUID) -> String { id.lowercasedString }

    static func summary(_ user: UserRecord) -> UserSummary {
        UserSummary(id: text(user.id), username: user.username, credits: Int32(user.credits))
    }

    /// The user as `/auth/me` shows them, with the effective tier (own or global override).
    func me(_ user: UserRecord) async throws -> Me {
        let effective = EffectiveTier.resolve(
            own: user.tier,
            source: user.tierSource,
            expiresAt: user.tierExpiresAt,
            override: try await tiers.override(),
            now: clock.now()
        )
        return Me(
            id: Self.text(user.id),
            email: user.email,
            username: user.username,
            credits: Int32(user.credits),
            roles: user.roles,
            avatarUrl: user.avatarURL,
            bio: user.bio,
            createdAt: Timestamps.format(user.createdAt),
            tier: effective.tier.rawValue,
            tierSource: effective.source,
            tierExpiresAt: effective.expiresAt.map(Timestamps.format) ?? ""
        )
    }
}
