import ProtoBridge

/// SellReply (proto `markets.SellReply`).
public struct SellReply: ProtoCodable, Equatable {
    public static let protoName = "markets.SellReply"
    public var betId: String
    public var sharesSold: String
    public var proceeds: Int32
    public var credits: Int32
    public var price: Double

    public init(betId: String = "",
                sharesSold: String = "",
                proceeds: Int32 = 0,
                credits: Int32 = 0,
                price: Double = 0) {
        self.betId = betId
        self.sharesSold = sharesSold
        self.proceeds = proceeds
        self.credits = credits
        self.price = price
    }
}
