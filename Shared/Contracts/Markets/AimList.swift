import ProtoBridge

/// AimList (proto `markets.AimList`).
public struct AimList: ProtoCodable, Equatable {
    public static let protoName = "markets.AimList"
    public var aims: [Aim]

    public init(aims: [Aim] = []) {
        self.aims = aims
    }
}
