import ProtoBridge

/// Request of `CreatePromoCode` (times are RFC 3339; validFrom defaults to now) (proto `code_inventory.CreatePromoCodeRequest`).
public struct CreatePromoCodeRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CreatePromoCodeRequest"
    public var code: String
    public var benefit: PromoBenefit?
    public var maxRedemptions: Int32
    public var validFrom: String
    public var validUntil: String

    public init(code: String = "",
                benefit: PromoBenefit? = nil,
                maxRedemptions: Int32 = 0,
                validFrom: String = "",
                validUntil: String = "") {
        self.code = code
        self.benefit = benefit
        self.maxRedemptions = maxRedemptions
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}
