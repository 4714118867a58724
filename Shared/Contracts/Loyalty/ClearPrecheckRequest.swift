import ProtoBridge

/// Method "ClearPrecheck": the receipt is closed; the amount is no longer served (proto `loyalty.ClearPrecheckRequest`).
public struct ClearPrecheckRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ClearPrecheckRequest"
    public var storeId: Int32

    public init(storeId: Int32 = 0) {
        self.storeId = storeId
    }
}
