import JWTKit

/// The claims the gateway reads from a bearer token; `TokenRules` decides whether they hold.
public struct GatewayClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var exp: ExpirationClaim
    public var nbf: NotBeforeClaim?
    public var iat: IssuedAtClaim?
    public var aud: AudienceClaim?
    public var iss: IssuerClaim?
    public var roles: [String]?
    public var storeId: String?

    enum CodingKeys: String, CodingKey {
        case sub, exp, nbf, iat, aud, iss, roles
        case storeId = "store_id"
    }

    public init(
        sub: SubjectClaim,
        exp: ExpirationClaim,
        nbf: NotBeforeClaim? = nil,
        iat: IssuedAtClaim? = nil,
        aud: AudienceClaim? = nil,
        iss: IssuerClaim? = nil,
        roles: [String]? = nil,
        storeId: String? = nil
    ) {
        self.sub = sub
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
        self.aud = aud
        self.iss = iss
        self.roles = roles
        self.storeId = storeId
    }

    /// The time-dependent and configured checks are `TokenRules`' (with leeway); nothing here.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
