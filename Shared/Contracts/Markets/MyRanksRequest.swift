import ProtoBridge

/// Method "MyRanks" (proto `markets.MyRanksRequest`).
public struct MyRanksRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MyRanksRequest"
    public var period: String

    public init(period: String = "") {
        self.period = period
    }
}
