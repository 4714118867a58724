import ProtoBridge

/// Answer of `BeginCodeUpload`: the upload id and the largest chunk accepted (proto `code_inventory.BeginCodeUploadReply`).
public struct BeginCodeUploadReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.BeginCodeUploadReply"
    public var uploadId: String
    public var maxChunkBytes: Int32

    public init(uploadId: String = "", maxChunkBytes: Int32 = 0) {
        self.uploadId = uploadId
        self.maxChunkBytes = maxChunkBytes
    }
}
