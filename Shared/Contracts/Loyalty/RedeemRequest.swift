import ProtoBridge

/// Method "Redeem": spend points as a discount on a purchase, earn cashback on the rest (proto `loyalty.RedeemRequest`).
public struct RedeemRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.RedeemRequest"
    public var card: String
    public var storeId: Int32
    public var amount: String
    public var points: Int32

    public init(card: String = "",
                storeId: Int32 = 0,
                amount: String = "",
                points: Int32 = 0) {
        self.card = card
        self.storeId = storeId
        self.amount = amount
        self.points = points
    }
}
