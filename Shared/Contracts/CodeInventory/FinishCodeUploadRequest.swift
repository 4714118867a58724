import ProtoBridge

/// Request of `FinishCodeUpload`: end an upload after `chunkCount` chunks (proto `code_inventory.FinishCodeUploadRequest`).
public struct FinishCodeUploadRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.FinishCodeUploadRequest"
    public var uploadId: String
    public var chunkCount: Int32

    public init(uploadId: String = "", chunkCount: Int32 = 0) {
        self.uploadId = uploadId
        self.chunkCount = chunkCount
    }
}
