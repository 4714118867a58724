import Foundation
import JWTKit

/// What a bearer token must be besides well signed, as RFC 7515 and RFC 7519 say: signed with the
/// one algorithm configured (the header's `alg` is not trusted to pick it), no critical header
/// extension we do not implement (`crit`), inside its validity window (`exp`, `nbf`, give or take
/// `leeway` for clock skew), and for us when an audience or issuer is configured.
public struct TokenRules: Sendable {
    /// The only `alg` accepted.
    public static let algorithm = "HS256"

    /// `JWT_AUDIENCE`: when set, `aud` (a string or a list) must contain it.
    public var audience: String?
    /// `JWT_ISSUER`: when set, `iss` must equal it.
    public var issuer: String?
    /// `JWT_LEEWAY_SECONDS`: tolerated clock skew for `exp` and `nbf`.
    public var leeway: TimeInterval

    public init(audience: String? = nil, issuer: String? = nil, leeway: TimeInterval = 30) {
        self.audience = audience
        self.issuer = issuer
        self.leeway = max(0, leeway)
    }

    /// Checks the JOSE header before the signature is verified; throws `TokenRejection`.
    public func checkHeader(of token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URL(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw TokenRejection("the token is not a JWS compact serialization")
        }
        guard header["alg"] as? String == Self.algorithm else {
            throw TokenRejection("the token's alg must be \(Self.algorithm)")
        }
        if let critical = header["crit"] {
            // We implement no extension, so any `crit` (even a malformed one) is refused (RFC 7515 §4.1.11).
            let names = (critical as? [String])?.joined(separator: ", ") ?? "a malformed list"
            throw TokenRejection("the token names critical header extensions this server does not support: \(names)")
        }
    }

    /// Checks the verified claims at `now`; throws `TokenRejection`.
    public func checkClaims(_ claims: GatewayClaims, now: Date) throws {
        guard now.timeIntervalSince(claims.exp.value) <= leeway else { throw TokenRejection("the token has expired") }
        if let notBefore = claims.nbf?.value, notBefore.timeIntervalSince(now) > leeway {
            throw TokenRejection("the token is not valid yet (nbf)")
        }
        if let issuedAt = claims.iat?.value, issuedAt.timeIntervalSince(now) > leeway {
            throw TokenRejection("the token was issued in the future (iat)")
        }
        if let audience, !(claims.aud?.value.contains(audience) ?? false) {
            throw TokenRejection("the token is not meant for this audience")
        }
        if let issuer, claims.iss?.value != issuer {
            throw TokenRejection("the token is not from the expected issuer")
        }
    }

    /// Until when a verified token may be reused without checking it again.
    func trustedUntil(_ claims: GatewayClaims) -> Date {
        claims.exp.value.addingTimeInterval(leeway)
    }

    private static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}

/// Why a bearer token was refused (401 `invalid_token`).
public struct TokenRejection: Error, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
