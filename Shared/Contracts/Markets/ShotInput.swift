import ProtoBridge

/// Method "CreateShot": files one of your bets under an aim (same market and outcome) (proto `markets.ShotInput`).
public struct ShotInput: ProtoCodable, Equatable {
    public static let protoName = "markets.ShotInput"
    public var aimId: String
    public var betId: String

    public init(aimId: String = "",
                betId: String = "") {
        self.aimId = aimId
        self.betId = betId
    }
}
