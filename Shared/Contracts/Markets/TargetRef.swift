import ProtoBridge

/// TargetRef (proto `markets.TargetRef`).
public struct TargetRef: ProtoCodable, Equatable {
    public static let protoName = "markets.TargetRef"
    public var id: String

    public init(id: String = "") {
        self.id = id
    }
}
