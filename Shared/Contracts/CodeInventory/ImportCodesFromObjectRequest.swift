import ProtoBridge

/// Request of `ImportCodesFromObject`: import a CSV file of the object store (proto `code_inventory.ImportCodesFromObjectRequest`).
public struct ImportCodesFromObjectRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ImportCodesFromObjectRequest"
    public var campaignId: String
    public var fileKey: String
    public var type: String

    public init(campaignId: String = "", fileKey: String = "", type: String = "") {
        self.campaignId = campaignId
        self.fileKey = fileKey
        self.type = type
    }
}
