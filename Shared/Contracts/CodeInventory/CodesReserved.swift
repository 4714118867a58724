import ProtoBridge

/// Event `code-inventory.codes_reserved` (proto `code_inventory.CodesReserved`).
public struct CodesReserved: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodesReserved"
    public var campaignId: String
    public var type: String
    public var reserveId: String
    public var codes: [String]
    public var reservedAt: String
    public var expiresAt: String

    public init(campaignId: String = "",
                type: String = "",
                reserveId: String = "",
                codes: [String] = [],
                reservedAt: String = "",
                expiresAt: String = "") {
        self.campaignId = campaignId
        self.type = type
        self.reserveId = reserveId
        self.codes = codes
        self.reservedAt = reservedAt
        self.expiresAt = expiresAt
    }
}
