import Contracts
import Crypto
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// Bearer tokens against RFC 7515/7519, case by case: tokens are assembled by hand so headers
/// and claims can say anything, then signed with the gateway's HMAC key (or not).
final class JWTConformanceTests: XCTestCase {
    private static let secret = "conformance-secret-0123456789-abcdef"
    /// Read when a test runs (XCTest makes every test's instance up front, minutes before some run).
    private var now: Date { Date() }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A compact JWS of `header` and `claims`, HMAC-SHA256-signed with `secret` whatever `alg` says.
    private static func token(
        header: [String: Any] = ["alg": "HS256", "typ": "JWT"],
        claims: [String: Any],
        secret: String = secret
    ) throws -> String {
        let input =
            base64URL(try JSONSerialization.data(withJSONObject: header, options: .sortedKeys)) + "."
            + base64URL(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return input + "." + base64URL(Data(mac))
    }

    private func claims(_ extra: [String: Any] = [:]) -> [String: Any] {
        ["sub": "u-1", "exp": Int(Date().timeIntervalSince1970) + 600, "roles": ["user"]].merging(extra) { _, new in new }
    }

    private func outcome(_ token: String, rules: TokenRules = TokenRules(leeway: 30)) async -> String {
        do {
            let authenticator = try await Authenticator(secret: Self.secret, rules: rules)
            let credential = try await authenticator.credential(from: [.authorization: "Bearer \(token)"])
            return credential?.principal.subject == "u-1" ? "accepted" : "no principal"
        } catch let error as GatewayError {
            XCTAssertEqual(error.code, .unauthenticated)
            XCTAssertTrue(error.headers[.wwwAuthenticate]?.hasPrefix(#"Bearer realm="platform", error="invalid_token""#) ?? false)
            return "refused: \(error.message)"
        } catch {
            return "unexpected \(error)"
        }
    }

    func test_conformanceTable() async throws {
        let t = Int(now.timeIntervalSince1970)
        let audienceRules = TokenRules(audience: "platform-api", issuer: "https://id.example", leeway: 30)
        let table: [(String, String, TokenRules, Bool)] = [
            ("valid", try Self.token(claims: claims()), TokenRules(), true),
            ("expired", try Self.token(claims: claims(["exp": t - 120])), TokenRules(), false),
            ("expired within leeway", try Self.token(claims: claims(["exp": t - 10])), TokenRules(), true),
            ("nbf in the future", try Self.token(claims: claims(["nbf": t + 600])), TokenRules(), false),
            ("nbf within leeway", try Self.token(claims: claims(["nbf": t + 10])), TokenRules(), true),
            ("nbf in the past", try Self.token(claims: claims(["nbf": t - 10])), TokenRules(), true),
            ("iat in the future", try Self.token(claims: claims(["iat": t + 600])), TokenRules(), false),
            ("no exp", try Self.token(claims: ["sub": "u-1"]), TokenRules(), false),
            (
                "crit naming an unknown extension", try Self.token(header: ["alg": "HS256", "crit": ["exp-ext"], "exp-ext": 1], claims: claims()),
                TokenRules(), false
            ),
            ("crit malformed", try Self.token(header: ["alg": "HS256", "crit": "b64"], claims: claims()), TokenRules(), false),
            ("alg RS256 but HMAC-signed", try Self.token(header: ["alg": "RS256"], claims: claims()), TokenRules(), false),
            ("alg none", try Self.token(header: ["alg": "none"], claims: claims()), TokenRules(), false),
            ("alg HS512", try Self.token(header: ["alg": "HS512"], claims: claims()), TokenRules(), false),
            ("no alg", try Self.token(header: ["typ": "JWT"], claims: claims()), TokenRules(), false),
            ("wrong key", try Self.token(claims: claims(), secret: "another-secret-0123456789-0123456789"), TokenRules(), false),
            ("audience and issuer match", try Self.token(claims: claims(["aud": "platform-api", "iss": "https://id.example"])), audienceRules, true),
            (
                "audience in a list", try Self.token(claims: claims(["aud": ["other", "platform-api"], "iss": "https://id.example"])), audienceRules,
                true
            ),
            ("other audience", try Self.token(claims: claims(["aud": "other", "iss": "https://id.example"])), audienceRules, false),
            ("no audience", try Self.token(claims: claims(["iss": "https://id.example"])), audienceRules, false),
            ("other issuer", try Self.token(claims: claims(["aud": "platform-api", "iss": "https://evil.example"])), audienceRules, false),
            ("audience unchecked when not configured", try Self.token(claims: claims(["aud": "anything"])), TokenRules(), true),
        ]
        for (name, token, rules, accepted) in table {
            let result = await outcome(token, rules: rules)
            XCTAssertEqual(result == "accepted", accepted, "\(name): \(result)")
        }
        let truncated = try Self.token(claims: claims()).split(separator: ".").prefix(2).joined(separator: ".")
        let refusal = await outcome(truncated)
        XCTAssertTrue(refusal.hasPrefix("refused"), refusal)
    }

    func test_aTokenCannotClaimTheRolesOfOtherCredentialKinds() async throws {
        let token = try Self.token(claims: [
            "sub": "telegram:5", "exp": Int(now.timeIntervalSince1970) + 600,
            "roles": ["telegram", "store", "service", "admin"], "store_id": "1",
        ])
        let authenticator = try await Authenticator(secret: Self.secret)
        let principal = try await authenticator.credential(from: [.authorization: "Bearer \(token)"])?.principal
        XCTAssertEqual(principal?.roles, ["admin"])
    }

    func test_routesTakeOnlyTheirCredentialKinds_andEvery401SaysHowToAuthenticate() async throws {
        try await withGateway { harness in
            let user = try await GatewayTestHarness.token(roles: ["admin"])
            try await harness.application().test(.router) { client in
                // A bearer-only route refuses a store key even before asking who the store is.
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [HTTPField.Name("x-store-api-key")!: "sk-anything"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertNotNil(response.headers[.wwwAuthenticate])
                }
                try await client.execute(uri: "/api/admin/loyalty/echo", method: .post, body: ByteBuffer(string: #"{"text":"x"}"#)) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertEqual(response.headers[.wwwAuthenticate], #"Bearer realm="platform""#)
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer x.y.z"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertTrue(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) ?? false)
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(user)"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                }
            }
        }
    }

    func test_ruleKinds() throws {
        let store = Credential(kind: .storeKey, principal: Principal(subject: "store:1", roles: ["store"]))
        let telegram = Credential(kind: .telegram, principal: Principal(subject: "telegram:5", roles: ["telegram"]))
        let bearer = Credential(kind: .bearer, principal: Principal(subject: "u", roles: ["admin"]))
        XCTAssertThrowsError(try Authenticator.check(.authenticated, store))
        XCTAssertThrowsError(try Authenticator.check(.authenticated, telegram))
        XCTAssertNoThrow(try Authenticator.check(.authenticated, bearer))
        XCTAssertThrowsError(try Authenticator.check(.anyRole(["store"]), store), "a role is not a token")
        XCTAssertNoThrow(try Authenticator.check(.only([.telegram]), telegram))
        XCTAssertThrowsError(try Authenticator.check(.only([.telegram]), bearer))
        XCTAssertNoThrow(try Authenticator.check(.anyCredential, store))
        XCTAssertNoThrow(try Authenticator.check(.open, nil))
        XCTAssertThrowsError(try Authenticator.check(.only([.storeKey, .bearer]), nil))
    }
}
