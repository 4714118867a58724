import ProtoBridge

/// Methods "CreateAim", "DeleteAim"; "ListAims" by target (proto `markets.AimInput`).
public struct AimInput: ProtoCodable, Equatable {
    public static let protoName = "markets.AimInput"
    public var targetId: String
    public var marketId: String
    public var outcome: String
    public var stopLoss: String
    public var profitTarget: String
    public var note: String

    public init(targetId: String = "",
                marketId: String = "",
                outcome: String = "",
                stopLoss: String = "",
                profitTarget: String = "",
                note: String = "") {
        self.targetId = targetId
        self.marketId = marketId
        self.outcome = outcome
        self.stopLoss = stopLoss
        self.profitTarget = profitTarget
        self.note = note
    }
}
