import ProtoBridge

/// Method "ListStores" (proto `loyalty.ListStoresRequest`).
public struct ListStoresRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ListStoresRequest"

    public init() {}
}
