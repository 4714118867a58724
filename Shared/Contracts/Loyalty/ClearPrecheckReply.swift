import ProtoBridge

/// ClearPrecheckReply (proto `loyalty.ClearPrecheckReply`).
public struct ClearPrecheckReply: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ClearPrecheckReply"
    public var storeId: Int32
    /// False when there was no amount to clear.
    public var cleared: Bool

    public init(storeId: Int32 = 0,
                cleared: Bool = false) {
        self.storeId = storeId
        self.cleared = cleared
    }
}
