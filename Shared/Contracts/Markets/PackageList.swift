import ProtoBridge

/// PackageList (proto `markets.PackageList`).
public struct PackageList: ProtoCodable, Equatable {
    public static let protoName = "markets.PackageList"
    public var packages: [CreditPackage]

    public init(packages: [CreditPackage] = []) {
        self.packages = packages
    }
}
