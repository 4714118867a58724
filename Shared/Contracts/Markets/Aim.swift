import ProtoBridge

/// Aim (proto `markets.Aim`).
public struct Aim: ProtoCodable, Equatable {
    public static let protoName = "markets.Aim"
    public var id: String
    public var targetId: String
    public var marketId: String
    public var outcome: String
    /// Prices in credits per share ("0.35"); empty when not set.
    public var stopLoss: String
    public var profitTarget: String
    public var note: String
    public var createdAt: String

    public init(id: String = "",
                targetId: String = "",
                marketId: String = "",
                outcome: String = "",
                stopLoss: String = "",
                profitTarget: String = "",
                note: String = "",
                createdAt: String = "") {
        self.id = id
        self.targetId = targetId
        self.marketId = marketId
        self.outcome = outcome
        self.stopLoss = stopLoss
        self.profitTarget = profitTarget
        self.note = note
        self.createdAt = createdAt
    }
}
