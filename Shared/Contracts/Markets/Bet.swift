import ProtoBridge

/// Bet (proto `markets.Bet`).
public struct Bet: ProtoCodable, Equatable {
    public static let protoName = "markets.Bet"
    public var id: String
    public var marketId: String
    public var outcome: String
    public var amount: Int32
    /// Shares still held, 6 fraction digits.
    public var shares: String
    /// The execution price (credits per share).
    public var price: Double
    /// open, sold, won, lost, settled (paid at an MKT probability), refunded (market cancelled)
    public var status: String
    /// What the resolution paid; on a cancelled market the stake less the proceeds, negative when a sale above the stake was taken back.
    public var payout: Int32
    public var proceeds: Int32
    public var createdAt: String
    public var settledAt: String
    /// PlaceBet's reply only (0 when read later): credits of the order not bought because a CPMM price reached its 99 % limit; never debited (amount is what filled and was debited).
    public var unfilled: Int32

    public init(id: String = "",
                marketId: String = "",
                outcome: String = "",
                amount: Int32 = 0,
                shares: String = "",
                price: Double = 0,
                status: String = "",
                payout: Int32 = 0,
                proceeds: Int32 = 0,
                createdAt: String = "",
                settledAt: String = "",
                unfilled: Int32 = 0) {
        self.id = id
        self.marketId = marketId
        self.outcome = outcome
        self.amount = amount
        self.shares = shares
        self.price = price
        self.status = status
        self.payout = payout
        self.proceeds = proceeds
        self.createdAt = createdAt
        self.settledAt = settledAt
        self.unfilled = unfilled
    }
}
