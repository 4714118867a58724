import ProtoBridge

/// Request of `GetPromoCode` (proto `code_inventory.GetPromoCodeRequest`).
public struct GetPromoCodeRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.GetPromoCodeRequest"
    public var code: String

    public init(code: String = "") {
        self.code = code
    }
}
