import ProtoBridge

/// Method "RegisterCustomer": the calling Telegram user gets a card (the same one when repeated) (proto `loyalty.RegisterCustomerRequest`).
public struct RegisterCustomerRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.RegisterCustomerRequest"
    /// Display name; empty means the name from Telegram.
    public var name: String

    public init(name: String = "") {
        self.name = name
    }
}
