import ProtoBridge

/// Method "Purchase": settles through the provider and credits exactly once per purchase (proto `markets.PurchaseRequest`).
public struct PurchaseRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.PurchaseRequest"
    public var packageId: String

    public init(packageId: String = "") {
        self.packageId = packageId
    }
}
