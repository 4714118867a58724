import ProtoBridge

/// Method "MyPurchases" (proto `markets.MyPurchasesRequest`).
public struct MyPurchasesRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MyPurchasesRequest"

    public init() {}
}
