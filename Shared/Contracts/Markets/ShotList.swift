import ProtoBridge

/// Method "ListShots" by aim (proto `markets.ShotList`).
public struct ShotList: ProtoCodable, Equatable {
    public static let protoName = "markets.ShotList"
    public var shots: [Shot]

    public init(shots: [Shot] = []) {
        self.shots = shots
    }
}
