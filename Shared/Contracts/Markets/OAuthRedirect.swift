import ProtoBridge

/// OAuthRedirect (proto `markets.OAuthRedirect`).
public struct OAuthRedirect: ProtoCodable, Equatable {
    public static let protoName = "markets.OAuthRedirect"
    public var url: String

    public init(url: String = "") {
        self.url = url
    }
}
