import ProtoBridge

/// Method "ListTargets" (proto `markets.ListTargetsRequest`).
public struct ListTargetsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListTargetsRequest"

    public init() {}
}
