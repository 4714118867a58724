import ProtoBridge

/// DisciplineStats (proto `markets.DisciplineStats`).
public struct DisciplineStats: ProtoCodable, Equatable {
    public static let protoName = "markets.DisciplineStats"
    public var totalShots: Int32
    public var stopLossHonored: Int32
    public var stopLossIgnored: Int32
    public var profitTargetHonored: Int32
    public var profitTargetIgnored: Int32
    public var abortHonored: Int32
    public var abortIgnored: Int32
    public var updatedAt: String

    public init(totalShots: Int32 = 0,
                stopLossHonored: Int32 = 0,
                stopLossIgnored: Int32 = 0,
                profitTargetHonored: Int32 = 0,
                profitTargetIgnored: Int32 = 0,
                abortHonored: Int32 = 0,
                abortIgnored: Int32 = 0,
                updatedAt: String = "") {
        self.totalShots = totalShots
        self.stopLossHonored = stopLossHonored
        self.stopLossIgnored = stopLossIgnored
        self.profitTargetHonored = profitTargetHonored
        self.profitTargetIgnored = profitTargetIgnored
        self.abortHonored = abortHonored
        self.abortIgnored = abortIgnored
        self.updatedAt = updatedAt
    }
}
