import ProtoBridge

/// Method "RedeemPromoCode" (proto `markets.RedeemPromoCodeRequest`).
public struct RedeemPromoCodeRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.RedeemPromoCodeRequest"
    public var code: String

    public init(code: String = "") {
        self.code = code
    }
}
