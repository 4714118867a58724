import ProtoBridge

/// MyRanks (proto `markets.MyRanks`).
public struct MyRanks: ProtoCodable, Equatable {
    public static let protoName = "markets.MyRanks"
    public var period: String
    public var pnl: Rank?
    public var volume: Rank?

    public init(period: String = "",
                pnl: Rank? = nil,
                volume: Rank? = nil) {
        self.period = period
        self.pnl = pnl
        self.volume = volume
    }
}
