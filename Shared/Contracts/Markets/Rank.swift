import ProtoBridge

/// Rank (proto `markets.Rank`).
public struct Rank: ProtoCodable, Equatable {
    public static let protoName = "markets.Rank"
    public var rank: Int32
    public var value: Int32

    public init(rank: Int32 = 0,
                value: Int32 = 0) {
        self.rank = rank
        self.value = value
    }
}
