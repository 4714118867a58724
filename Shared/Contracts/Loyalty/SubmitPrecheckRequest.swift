import ProtoBridge

/// Method "SubmitPrecheck": the amount of the receipt open at a till, kept 60 s (proto `loyalty.SubmitPrecheckRequest`).
public struct SubmitPrecheckRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.SubmitPrecheckRequest"
    public var storeId: Int32
    public var amount: String

    public init(storeId: Int32 = 0,
                amount: String = "") {
        self.storeId = storeId
        self.amount = amount
    }
}
