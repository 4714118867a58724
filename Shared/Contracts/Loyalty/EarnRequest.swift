import ProtoBridge

/// Method "Earn": cashback on a purchase (proto `loyalty.EarnRequest`).
public struct EarnRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.EarnRequest"
    public var card: String
    public var storeId: Int32
    public var amount: String

    public init(card: String = "",
                storeId: Int32 = 0,
                amount: String = "") {
        self.card = card
        self.storeId = storeId
        self.amount = amount
    }
}
