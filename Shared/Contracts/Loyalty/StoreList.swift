import ProtoBridge

/// StoreList (proto `loyalty.StoreList`).
public struct StoreList: ProtoCodable, Equatable {
    public static let protoName = "loyalty.StoreList"
    public var stores: [StoreInfo]

    public init(stores: [StoreInfo] = []) {
        self.stores = stores
    }
}
