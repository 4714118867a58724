import ProtoBridge

/// Method "GetCustomerStats": what the customer did all-time (running totals, kept when the stores' history is cleaned up) (proto `loyalty.GetCustomerStatsRequest`).
public struct GetCustomerStatsRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.GetCustomerStatsRequest"
    public var card: String

    public init(card: String = "") {
        self.card = card
    }
}
