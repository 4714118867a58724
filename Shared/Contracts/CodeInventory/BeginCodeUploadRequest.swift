import ProtoBridge

/// Request of `BeginCodeUpload`: start a chunked CSV upload (proto `code_inventory.BeginCodeUploadRequest`).
public struct BeginCodeUploadRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.BeginCodeUploadRequest"
    public var campaignId: String
    public var type: String

    public init(campaignId: String = "", type: String = "") {
        self.campaignId = campaignId
        self.type = type
    }
}
