import ProtoBridge

/// PendingDiscounts (proto `loyalty.PendingDiscounts`).
public struct PendingDiscounts: ProtoCodable, Equatable {
    public static let protoName = "loyalty.PendingDiscounts"
    public var discounts: [PendingDiscount]

    public init(discounts: [PendingDiscount] = []) {
        self.discounts = discounts
    }
}
