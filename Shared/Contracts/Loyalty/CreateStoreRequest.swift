import ProtoBridge

/// Method "CreateStore": the API key is in this reply only; it is stored hashed (proto `loyalty.CreateStoreRequest`).
public struct CreateStoreRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.CreateStoreRequest"
    public var name: String

    public init(name: String = "") {
        self.name = name
    }
}
