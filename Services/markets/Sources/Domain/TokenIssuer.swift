import Crypto
import Foundation
import JWTKit

/// Issues access tokens (HS256 JWT with the gateway's secret) and opaque refresh tokens, which
/// are stored only as SHA-256.
public struct TokenIssuer: Sendable {
    /// jwt-kit's key collection is an actor whose setup is async; services are wired synchronously.
    private let keys: Task<JWTKeyCollection, Never>
    public let accessSeconds: Int

    public init(secret: String, accessSeconds: Int) {
        keys = Task {
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
            return keys
        }
        self.accessSeconds = accessSeconds
    }

    public func accessToken(userId: UUID, roles: [String], now: Date) async throws -> String {
        try await keys.value.sign(
            AccessClaims(
                sub: SubjectClaim(value: userId.lowercasedString),
                exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(accessSeconds))),
                iat: IssuedAtClaim(value: now),
                roles: roles
            )
        )
    }

    /// 32 random bytes, base64url without padding.
    public static func newRefreshToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }
}
