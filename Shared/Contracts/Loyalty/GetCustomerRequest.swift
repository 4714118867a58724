import ProtoBridge

/// Method "GetCustomer" (proto `loyalty.GetCustomerRequest`).
public struct GetCustomerRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.GetCustomerRequest"
    public var card: String

    public init(card: String = "") {
        self.card = card
    }
}
