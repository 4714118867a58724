import ProtoBridge

/// StoreInfo (proto `loyalty.StoreInfo`).
public struct StoreInfo: ProtoCodable, Equatable {
    public static let protoName = "loyalty.StoreInfo"
    public var id: Int32
    public var name: String
    public var apiKey: String
    public var createdAt: String
    public var cashiers: Int32

    public init(id: Int32 = 0,
                name: String = "",
                apiKey: String = "",
                createdAt: String = "",
                cashiers: Int32 = 0) {
        self.id = id
        self.name = name
        self.apiKey = apiKey
        self.createdAt = createdAt
        self.cashiers = cashiers
    }
}
