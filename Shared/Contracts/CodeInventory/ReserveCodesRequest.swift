import ProtoBridge

/// Request of `ReserveCodes`: up to `count` available codes for 24 h (proto `code_inventory.ReserveCodesRequest`).
public struct ReserveCodesRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ReserveCodesRequest"
    public var campaignId: String
    public var type: String
    public var count: Int32

    public init(campaignId: String = "", type: String = "", count: Int32 = 0) {
        self.campaignId = campaignId
        self.type = type
        self.count = count
    }
}
