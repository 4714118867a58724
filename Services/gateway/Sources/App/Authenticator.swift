import Contracts
import Foundation
import HTTPTypes
import JWTKit

/// Turns a request's credential into a principal — an HS256 bearer token checked by
/// `TokenRules`, Telegram WebApp initData (`Authorization: tma …` or `X-Telegram-Init-Data`) or a
/// till's `x-store-api-key` — and checks a route's auth rule, which names the kinds it takes.
public struct Authenticator: Sendable {
    private let keys: JWTKeyCollection
    private let telegram: TelegramInitDataVerifier?
    private let storeKeys: StoreKeyResolver?
    private let verified = VerifiedTokenCache()
    private let rules: TokenRules

    /// HS256 with a key shorter than the hash (32 bytes) is weak; refuse to start with one.
    public static let minimumSecretBytes = 32

    public init(
        secret: String,
        rules: TokenRules = TokenRules(),
        telegram: TelegramInitDataVerifier? = nil,
        storeKeys: StoreKeyResolver? = nil
    ) async throws {
        self.rules = rules
        self.telegram = telegram
        self.storeKeys = storeKeys
        guard secret.utf8.count >= Self.minimumSecretBytes else {
            throw GatewayStartupError("JWT_SECRET must be at least \(Self.minimumSecretBytes) bytes (got \(secret.utf8.count))")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// The request's credential verified against `rule`: a kind the route does not take is refused
    /// before it is verified (a store key is not even looked up on a bearer-only route).
    public func authenticate(_ headers: HTTPFields, for rule: AuthRule, requestId: String = "") async throws -> Credential? {
        if rule != .open, let kind = Self.presentedKind(headers), !rule.accepted.contains(kind) {
            throw GatewayError.unauthenticated("this route takes \(rule.acceptedDescription) only")
        }
        let credential = try await credential(from: headers, requestId: requestId)
        try Self.check(rule, credential)
        return credential
    }

    /// The kind of credential the headers carry, by the same precedence as `credential(from:)`.
    static func presentedKind(_ headers: HTTPFields) -> CredentialKind? {
        if let header = headers[.authorization] {
            return Self.hasScheme("tma ", header) ? .telegram : .bearer
        }
        if headers[telegramInitData] != nil { return .telegram }
        if headers[storeAPIKey] != nil { return .storeKey }
        return nil
    }

    /// Whether `header` starts with `scheme` (lowercase ASCII), in any case: without lowercasing
    /// the whole header, a token of a few hundred bytes, on every request.
    static func hasScheme(_ scheme: String, _ header: String) -> Bool {
        let head = header.utf8.prefix(scheme.utf8.count)
        return head.count == scheme.utf8.count
            && zip(head, scheme.utf8).allSatisfy { byte, expected in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 == expected : byte == expected
            }
    }

    /// The request's verified credential, nil without one; an invalid, expired or unsupported
    /// credential is UNAUTHENTICATED (never silently ignored).
    public func credential(from headers: HTTPFields, requestId: String = "") async throws -> Credential? {
        if let header = headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw Self.malformedAuthorization }
            switch parts[0].lowercased() {
            case "bearer": return Credential(kind: .bearer, principal: try await bearer(String(parts[1])))
            case "tma": return Credential(kind: .telegram, principal: try telegramPrincipal(String(parts[1])))
            default: throw Self.malformedAuthorization
            }
        }
        if let initData = headers[Self.telegramInitData] { return Credential(kind: .telegram, principal: try telegramPrincipal(initData)) }
        if let key = headers[Self.storeAPIKey] {
            guard let storeKeys else { throw GatewayError.unauthenticated("store API keys are not accepted here") }
            let store = try await storeKeys.store(for: key, requestId: requestId)
            return Credential(
                kind: .storeKey,
                principal: Principal(
                    subject: "store:\(store.storeId)",
                    roles: ["store"],
                    storeId: String(store.storeId),
                    displayName: store.name
                )
            )
        }
        return nil
    }

    private static let malformedAuthorization = GatewayError.unauthenticated(
        "Authorization must be `Bearer <token>` or `tma <initData>`",
        tokenError: "invalid_request"
    )

    private func bearer(_ token: String) async throws -> Principal {
        let now = Date()
        if let principal = verified.principal(for: token, now: now) { return principal }
        do {
            try rules.checkHeader(of: token)
            let claims = try await keys.verify(token, as: GatewayClaims.self)
            try rules.checkClaims(claims, now: now)
            // Roles naming another kind of credential are the gateway's to give, never a token's.
            let roles = (claims.roles ?? []).filter { !Self.credentialRoles.contains($0) }
            let principal = Principal(subject: claims.sub.value, roles: roles, storeId: claims.storeId ?? "")
            // Not before nbf: `checkClaims` refused tokens whose window has not begun.
            verified.store(principal, for: token, expires: rules.trustedUntil(claims))
            return principal
        } catch let rejection as TokenRejection {
            throw GatewayError.unauthenticated(rejection.reason, tokenError: "invalid_token")
        } catch {
            throw GatewayError.unauthenticated("invalid or expired token", tokenError: "invalid_token")
        }
    }

    private func telegramPrincipal(_ initData: String) throws -> Principal {
        guard let telegram else { throw GatewayError.unauthenticated("Telegram sign-in is not configured (TELEGRAM_BOT_TOKEN)") }
        let user = try telegram.verify(initData)
        return Principal(subject: "telegram:\(user.id)", roles: ["telegram"], displayName: user.displayName)
    }

    /// Roles the gateway gives to Telegram users, store keys and services; a bearer token cannot claim them.
    static let credentialRoles: Set<String> = ["telegram", "store", "service"]

    static let telegramInitData = HTTPField.Name("X-Telegram-Init-Data")!
    static let storeAPIKey = HTTPField.Name("x-store-api-key")!

    /// Enforces `rule` for `credential`: 401 without a credential of a kind the route takes, 403
    /// without a needed role.
    public static func check(_ rule: AuthRule, _ credential: Credential?) throws {
        if case .open = rule { return }
        guard let credential else { throw GatewayError.unauthenticated("\(rule.acceptedDescription) is required") }
        guard rule.accepted.contains(credential.kind) else {
            throw GatewayError.unauthenticated("this route takes \(rule.acceptedDescription) only")
        }
        if case .anyRole(let roles) = rule, !roles.contains(where: credential.principal.has(role:)) {
            throw GatewayError(.permissionDenied, "requires role \(roles.joined(separator: " or "))")
        }
    }

    /// Signs a token (tests and local tools).
    public func sign(_ claims: GatewayClaims) async throws -> String {
        try await keys.sign(claims)
    }
}
