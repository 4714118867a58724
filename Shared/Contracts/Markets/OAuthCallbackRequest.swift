import ProtoBridge

/// OAuthCallbackRequest (proto `markets.OAuthCallbackRequest`).
public struct OAuthCallbackRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.OAuthCallbackRequest"
    public var provider: String
    public var code: String
    public var state: String

    public init(provider: String = "",
                code: String = "",
                state: String = "") {
        self.provider = provider
        self.code = code
        self.state = state
    }
}
