import JWTKit

/// The claims the gateway reads from a bearer token.
public struct GatewayClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var exp: ExpirationClaim
    public var roles: [String]?
    public var storeId: String?

    enum CodingKeys: String, CodingKey {
        case sub, exp, roles
        case storeId = "store_id"
    }

    public init(sub: SubjectClaim, exp: ExpirationClaim, roles: [String]? = nil, storeId: String? = nil) {
        self.sub = sub
        self.exp = exp
        self.roles = roles
        self.storeId = storeId
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
