import ProtoBridge

/// Method "ClearTierOverride" (admin) (proto `markets.ClearTierOverrideRequest`).
public struct ClearTierOverrideRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ClearTierOverrideRequest"

    public init() {}
}
