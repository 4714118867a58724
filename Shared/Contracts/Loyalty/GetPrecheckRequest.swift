import ProtoBridge

/// Method "GetPrecheck" (proto `loyalty.GetPrecheckRequest`).
public struct GetPrecheckRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.GetPrecheckRequest"
    public var storeId: Int32

    public init(storeId: Int32 = 0) {
        self.storeId = storeId
    }
}
