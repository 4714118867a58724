import ProtoBridge

/// Request of `RedeemPromo` (services); an empty idempotencyKey falls back to the envelope's (proto `code_inventory.RedeemPromoRequest`).
public struct RedeemPromoRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.RedeemPromoRequest"
    public var code: String
    public var userId: String
    public var idempotencyKey: String

    public init(code: String = "", userId: String = "", idempotencyKey: String = "") {
        self.code = code
        self.userId = userId
        self.idempotencyKey = idempotencyKey
    }
}
