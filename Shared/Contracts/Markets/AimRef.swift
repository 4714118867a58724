import ProtoBridge

/// AimRef (proto `markets.AimRef`).
public struct AimRef: ProtoCodable, Equatable {
    public static let protoName = "markets.AimRef"
    public var id: String

    public init(id: String = "") {
        self.id = id
    }
}
