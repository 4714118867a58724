import Contracts
import Foundation
import HTTPTypes
import JWTKit

/// Turns a request's credential into a principal — an HS256 bearer token, Telegram WebApp
/// initData (`Authorization: tma …` or `X-Telegram-Init-Data`) or a till's `x-store-api-key` —
/// and checks a route's auth rule.
public struct Authenticator: Sendable {
    private let keys: JWTKeyCollection
    private let telegram: TelegramInitDataVerifier?
    private let storeKeys: StoreKeyResolver?
    private let verified = VerifiedTokenCache()

    /// HS256 with a key shorter than the hash (32 bytes) is weak; refuse to start with one.
    public static let minimumSecretBytes = 32

    public init(secret: String, telegram: TelegramInitDataVerifier? = nil, storeKeys: StoreKeyResolver? = nil) async throws {
        self.telegram = telegram
        self.storeKeys = storeKeys
        guard secret.utf8.count >= Self.minimumSecretBytes else {
            throw GatewayStartupError("JWT_SECRET must be at least \(Self.minimumSecretBytes) bytes (got \(secret.utf8.count))")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// The principal of the request's credential, nil without one; an invalid, expired or
    /// unsupported credential is UNAUTHENTICATED (never silently ignored).
    public func principal(from headers: HTTPFields, requestId: String = "") async throws -> Principal? {
        if let header = headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw GatewayError(.unauthenticated, "Authorization must be `Bearer <token>` or `tma <initData>`") }
            switch parts[0].lowercased() {
            case "bearer": return try await bearer(String(parts[1]))
            case "tma": return try telegramPrincipal(String(parts[1]))
            default: throw GatewayError(.unauthenticated, "Authorization must be `Bearer <token>` or `tma <initData>`")
            }
        }
        if let initData = headers[Self.telegramInitData] { return try telegramPrincipal(initData) }
        if let key = headers[Self.storeAPIKey] {
            guard let storeKeys else { throw GatewayError(.unauthenticated, "store API keys are not accepted here") }
            let store = try await storeKeys.store(for: key, requestId: requestId)
            return Principal(subject: "store:\(store.storeId)", roles: ["store"], storeId: String(store.storeId), displayName: store.name)
        }
        return nil
    }

    private func bearer(_ token: String) async throws -> Principal {
        if let principal = verified.principal(for: token, now: Date()) { return principal }
        do {
            let claims = try await keys.verify(token, as: GatewayClaims.self)
            let principal = Principal(subject: claims.sub.value, roles: claims.roles ?? [], storeId: claims.storeId ?? "")
            verified.store(principal, for: token, expires: claims.exp.value)
            return principal
        } catch {
            throw GatewayError(.unauthenticated, "invalid or expired token")
        }
    }

    private func telegramPrincipal(_ initData: String) throws -> Principal {
        guard let telegram else { throw GatewayError(.unauthenticated, "Telegram sign-in is not configured (TELEGRAM_BOT_TOKEN)") }
        let user = try telegram.verify(initData)
        return Principal(subject: "telegram:\(user.id)", roles: ["telegram"], displayName: user.displayName)
    }

    static let telegramInitData = HTTPField.Name("X-Telegram-Init-Data")!
    static let storeAPIKey = HTTPField.Name("x-store-api-key")!

    /// Enforces `rule` for `principal`: 401 without a needed token, 403 without a needed role.
    public static func check(_ rule: AuthRule, _ principal: Principal?) throws {
        switch rule {
        case .open:
            return
        case .authenticated:
            guard principal != nil else { throw GatewayError(.unauthenticated, "a bearer token is required") }
        case .anyCredential:
            guard principal != nil else {
                throw GatewayError(.unauthenticated, "a credential is required: Bearer token, Telegram initData or x-store-api-key")
            }
        case .anyRole(let roles):
            guard let principal else { throw GatewayError(.unauthenticated, "a bearer token is required") }
            guard roles.contains(where: principal.has(role:)) else {
                throw GatewayError(.permissionDenied, "requires role \(roles.joined(separator: " or "))")
            }
        }
    }

    /// Signs a token (tests and local tools).
    public func sign(_ claims: GatewayClaims) async throws -> String {
        try await keys.sign(claims)
    }
}
