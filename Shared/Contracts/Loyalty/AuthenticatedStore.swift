import ProtoBridge

/// AuthenticatedStore (proto `loyalty.AuthenticatedStore`).
public struct AuthenticatedStore: ProtoCodable, Equatable {
    public static let protoName = "loyalty.AuthenticatedStore"
    public var storeId: Int32
    public var name: String

    public init(storeId: Int32 = 0,
                name: String = "") {
        self.storeId = storeId
        self.name = name
    }
}
