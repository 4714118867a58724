import ProtoBridge

/// A page of promo codes; `nextCursor` is empty on the last page (proto `code_inventory.ListPromoCodesReply`).
public struct ListPromoCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ListPromoCodesReply"
    public var promoCodes: [PromoCode]
    public var nextCursor: String

    public init(promoCodes: [PromoCode] = [], nextCursor: String = "") {
        self.promoCodes = promoCodes
        self.nextCursor = nextCursor
    }
}
