import ProtoBridge

/// Request of `AbortCodeUpload`: give an unfinished upload up (proto `code_inventory.AbortCodeUploadRequest`).
public struct AbortCodeUploadRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AbortCodeUploadRequest"
    public var uploadId: String
    public var reason: String

    public init(uploadId: String = "", reason: String = "") {
        self.uploadId = uploadId
        self.reason = reason
    }
}
