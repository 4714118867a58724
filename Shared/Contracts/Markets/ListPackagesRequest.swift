import ProtoBridge

/// Method "ListPackages" (proto `markets.ListPackagesRequest`).
public struct ListPackagesRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListPackagesRequest"

    public init() {}
}
