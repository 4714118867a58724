import Contracts
import HTTPTypes
import JWTKit

/// Verifies HS256 bearer tokens and checks a route's auth rule.
public struct Authenticator: Sendable {
    private let keys: JWTKeyCollection

    /// HS256 with a key shorter than the hash (32 bytes) is weak; refuse to start with one.
    public static let minimumSecretBytes = 32

    public init(secret: String) async throws {
        guard secret.utf8.count >= Self.minimumSecretBytes else {
            throw GatewayStartupError("JWT_SECRET must be at least \(Self.minimumSecretBytes) bytes (got \(secret.utf8.count))")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// The principal of a valid `Authorization: Bearer` header, nil without one; an invalid or expired token is UNAUTHENTICATED.
    public func principal(from headers: HTTPFields) async throws -> Principal? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw GatewayError(.unauthenticated, "Authorization must be a Bearer token")
        }
        do {
            let claims = try await keys.verify(String(parts[1]), as: GatewayClaims.self)
            return Principal(subject: claims.sub.value, roles: claims.roles ?? [], storeId: claims.storeId ?? "")
        } catch {
            throw GatewayError(.unauthenticated, "invalid or expired token")
        }
    }

    /// Enforces `rule` for `principal`: 401 without a needed token, 403 without a needed role.
    public static func check(_ rule: AuthRule, _ principal: Principal?) throws {
        switch rule {
        case .open:
            return
        case .authenticated:
            guard principal != nil else { throw GatewayError(.unauthenticated, "a bearer token is required") }
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
