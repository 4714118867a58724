import ProtoBridge

/// Answer of `RedeemPromo`: the benefit to grant (proto `code_inventory.RedeemPromoReply`).
public struct RedeemPromoReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.RedeemPromoReply"
    public var code: String
    public var userId: String
    public var benefit: PromoBenefit?
    public var redeemedAt: String
    public var redemptionId: String

    public init(code: String = "",
                userId: String = "",
                benefit: PromoBenefit? = nil,
                redeemedAt: String = "",
                redemptionId: String = "") {
        self.code = code
        self.userId = userId
        self.benefit = benefit
        self.redeemedAt = redeemedAt
        self.redemptionId = redemptionId
    }
}
