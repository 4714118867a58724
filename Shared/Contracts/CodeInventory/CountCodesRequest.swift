import ProtoBridge

/// Request of `CountCodes`; an empty type means both (proto `code_inventory.CountCodesRequest`).
public struct CountCodesRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CountCodesRequest"
    public var campaignId: String
    public var type: String

    public init(campaignId: String = "", type: String = "") {
        self.campaignId = campaignId
        self.type = type
    }
}
