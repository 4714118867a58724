import Bus
import Contracts
import Foundation
import JWTKit
import Markets
import ServiceKit
import XCTest

/// Accounts on the real bus and Postgres: signup, login, refresh rotation, profiles.
final class AccountTests: XCTestCase {
    func test_signup_gives1000Credits_aLedgerRow_andTokensTheGatewayAccepts() async throws {
        try await withMarkets { service in
            let session = try await service.signup("alice_1")
            XCTAssertEqual(session.user?.credits, 1000)
            XCTAssertEqual(session.user?.username, "alice_1")
            XCTAssertEqual(session.tokenType, "Bearer")
            XCTAssertEqual(session.expiresIn, 900)
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: MarketsHarness.secret), digestAlgorithm: .sha256)
            struct Claims: JWTPayload {
                var sub: SubjectClaim
                var exp: ExpirationClaim
                var roles: [String]
                func verify(using algorithm: some JWTAlgorithm) async throws {}
            }
            let claims = try await keys.verify(session.accessToken, as: Claims.self)
            XCTAssertEqual(claims.sub.value, session.user?.id)
            XCTAssertEqual(claims.roles, ["user"])
            XCTAssertEqual(claims.exp.value.timeIntervalSince(MarketsHarness.epoch), 900, accuracy: 1)
            let ledger = try await service.scalar("SELECT sum(amount)::int AS v FROM credit_transactions WHERE type = 'signup_bonus'")
            XCTAssertEqual(ledger, 1000)
            let stored = try await service.runtime.database.pool.query("SELECT password_hash FROM users")
            XCTAssertTrue(try stored[0].decode("password_hash", as: String.self).hasPrefix("pbkdf2-sha256$1000$"))
        }
    }

    func test_signup_duplicates_are409_andBadInput400WithEveryField() async throws {
        try await withMarkets { service in
            _ = try await service.signup("bob_1")
            let sameEmail = try await service.reply(
                "Signup",
                SignupRequest(email: "BOB_1@example.com", password: "long enough", username: "other"),
                principal: Principal()
            )
            XCTAssertEqual(sameEmail.status, .alreadyExists)
            XCTAssertEqual(sameEmail.reason, "EMAIL_TAKEN")
            let sameName = try await service.reply(
                "Signup",
                SignupRequest(email: "x@example.com", password: "long enough", username: "BOB_1"),
                principal: Principal()
            )
            XCTAssertEqual(sameName.reason, "USERNAME_TAKEN")
            let bad = try await service.reply(
                "Signup",
                SignupRequest(
                    email: "not-an-email",
                    password: "short",
                    username: "<script>",
                    referralCode: "'; DROP TABLE users; --"
                ),
                principal: Principal()
            )
            XCTAssertEqual(bad.status, .invalidArgument)
            XCTAssertEqual(bad.violations.map(\.field), ["email", "password", "username", "referralCode"])
            let users = try await service.scalar("SELECT count(*)::int AS v FROM users")
            XCTAssertEqual(users, 1)
        }
    }

    func test_login_wrongPasswordAndUnknownEmail_lookTheSame() async throws {
        try await withMarkets { service in
            _ = try await service.signup("carol_1", password: "right password")
            let ok = try await service.call(
                "Login",
                LoginRequest(email: " Carol_1@Example.com", password: "right password"),
                as: AuthReply.self,
                principal: Principal()
            )
            XCTAssertEqual(ok.user?.username, "carol_1")
            let wrong = try await service.reply(
                "Login",
                LoginRequest(email: "carol_1@example.com", password: "wrong password"),
                principal: Principal()
            )
            let unknown = try await service.reply(
                "Login",
                LoginRequest(email: "nobody@example.com", password: "wrong password"),
                principal: Principal()
            )
            XCTAssertEqual(wrong.status, .unauthenticated)
            XCTAssertEqual(wrong, unknown)
        }
    }

    func test_refresh_rotates_andReusingARotatedToken_revokesTheFamily() async throws {
        try await withMarkets { service in
            let first = try await service.signup("dave_1")
            let second = try await service.call(
                "Refresh",
                RefreshRequest(refreshToken: first.refreshToken),
                as: AuthReply.self,
                principal: Principal()
            )
            XCTAssertNotEqual(second.refreshToken, first.refreshToken)
            let third = try await service.call(
                "Refresh",
                RefreshRequest(refreshToken: second.refreshToken),
                as: AuthReply.self,
                principal: Principal()
            )
            // The first token again: a thief or a replay. The family dies, including the newest token.
            let reused = try await service.reply("Refresh", RefreshRequest(refreshToken: first.refreshToken), principal: Principal())
            XCTAssertEqual(reused.status, .unauthenticated)
            let newest = try await service.reply("Refresh", RefreshRequest(refreshToken: third.refreshToken), principal: Principal())
            XCTAssertEqual(newest.status, .unauthenticated)
            // Logout revokes a fresh family.
            let other = try await service.call(
                "Login",
                LoginRequest(email: "dave_1@example.com", password: "correct horse battery"),
                as: AuthReply.self,
                principal: Principal()
            )
            let logout = try await service.call(
                "Logout",
                LogoutRequest(refreshToken: other.refreshToken),
                as: LogoutReply.self,
                principal: Principal()
            )
            XCTAssertTrue(logout.revoked)
            let afterLogout = try await service.reply("Refresh", RefreshRequest(refreshToken: other.refreshToken), principal: Principal())
            XCTAssertEqual(afterLogout.status, .unauthenticated)
        }
    }

    func test_me_updateProfile_andPublicProfile_withoutEmail() async throws {
        try await withMarkets { service in
            let session = try await service.signup("erin_1")
            let id = try XCTUnwrap(session.user?.id)
            let me = try await service.call("Me", MeRequest(), as: Me.self, principal: MarketsHarness.user(id))
            XCTAssertEqual(me.email, "erin_1@example.com")
            XCTAssertEqual(me.credits, 1000)
            let changed = try await service.call(
                "UpdateProfile",
                UpdateProfileRequest(avatarUrl: "https://img.example.com/a.png", bio: "Hello\nworld"),
                as: Me.self,
                principal: MarketsHarness.user(id)
            )
            XCTAssertEqual(changed.username, "erin_1")
            XCTAssertEqual(changed.bio, "Hello\nworld")
            let bad = try await service.reply(
                "UpdateProfile",
                UpdateProfileRequest(username: "a b", avatarUrl: "javascript:alert(1)", bio: "<script>"),
                principal: MarketsHarness.user(id)
            )
            XCTAssertEqual(bad.violations.map(\.field), ["username", "avatarUrl", "bio"])
            let profile = try await service.call("GetUser", GetUserRequest(userId: id), as: PublicProfile.self, principal: Principal())
            XCTAssertEqual(profile.username, "erin_1")
            XCTAssertEqual(profile.avatarUrl, "https://img.example.com/a.png")
            let anonymous = try await service.reply("Me", MeRequest(), principal: Principal())
            XCTAssertEqual(anonymous.status, .unauthenticated)
            let oauth = try await service.reply("OAuthStart", OAuthStartRequest(), principal: Principal())
            XCTAssertEqual(oauth.status, .notFound)
            XCTAssertEqual(oauth.reason, "SIGN_IN_NOT_ENABLED")
            XCTAssertTrue(oauth.message.contains("OAUTH_PROVIDER_URL"))
        }
    }
}
