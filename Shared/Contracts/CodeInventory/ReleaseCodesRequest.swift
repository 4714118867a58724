import ProtoBridge

/// Request of `ReleaseCodes`: `codes` or `reserveId`, not both (proto `code_inventory.ReleaseCodesRequest`).
public struct ReleaseCodesRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ReleaseCodesRequest"
    public var campaignId: String
    public var type: String
    public var codes: [String]
    public var reserveId: String

    public init(campaignId: String = "", type: String = "", codes: [String] = [], reserveId: String = "") {
        self.campaignId = campaignId
        self.type = type
        self.codes = codes
        self.reserveId = reserveId
    }
}
