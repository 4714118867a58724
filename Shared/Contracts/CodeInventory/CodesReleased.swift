import ProtoBridge

/// Event `code-inventory.codes_released` (reason `request` or `expired`) (proto `code_inventory.CodesReleased`).
public struct CodesReleased: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodesReleased"
    public var campaignId: String
    public var type: String
    public var codes: [String]
    public var reason: String
    public var releasedAt: String

    public init(campaignId: String = "",
                type: String = "",
                codes: [String] = [],
                reason: String = "",
                releasedAt: String = "") {
        self.campaignId = campaignId
        self.type = type
        self.codes = codes
        self.reason = reason
        self.releasedAt = releasedAt
    }
}
