import ProtoBridge

/// Methods "OAuthStart" / "OAuthCallback": sign-in with an external provider (X); 501 until one is configured (proto `markets.OAuthStartRequest`).
public struct OAuthStartRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.OAuthStartRequest"
    public var provider: String

    public init(provider: String = "") {
        self.provider = provider
    }
}
