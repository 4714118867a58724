import ProtoBridge

/// Shot (proto `markets.Shot`).
public struct Shot: ProtoCodable, Equatable {
    public static let protoName = "markets.Shot"
    public var id: String
    public var aimId: String
    public var betId: String
    /// open, closed (the bet was sold or resolved)
    public var status: String
    /// The price the position ended at (empty while open; refunds have none).
    public var exitPrice: String
    /// honored, ignored or none (no such plan on the aim / no exit price)
    public var stopLoss: String
    public var profitTarget: String
    public var createdAt: String

    public init(id: String = "",
                aimId: String = "",
                betId: String = "",
                status: String = "",
                exitPrice: String = "",
                stopLoss: String = "",
                profitTarget: String = "",
                createdAt: String = "") {
        self.id = id
        self.aimId = aimId
        self.betId = betId
        self.status = status
        self.exitPrice = exitPrice
        self.stopLoss = stopLoss
        self.profitTarget = profitTarget
        self.createdAt = createdAt
    }
}
