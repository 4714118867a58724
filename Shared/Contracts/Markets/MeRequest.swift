import ProtoBridge

/// Method "Me" (proto `markets.MeRequest`).
public struct MeRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MeRequest"

    public init() {}
}
