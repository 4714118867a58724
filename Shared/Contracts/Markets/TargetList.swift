import ProtoBridge

/// TargetList (proto `markets.TargetList`).
public struct TargetList: ProtoCodable, Equatable {
    public static let protoName = "markets.TargetList"
    public var targets: [Target]

    public init(targets: [Target] = []) {
        self.targets = targets
    }
}
