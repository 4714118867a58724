import ProtoBridge

/// Method "AuthenticateStore" (bus only, for the gateway): which store an API key belongs to (proto `loyalty.AuthenticateStoreRequest`).
public struct AuthenticateStoreRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.AuthenticateStoreRequest"
    public var apiKey: String

    public init(apiKey: String = "") {
        self.apiKey = apiKey
    }
}
