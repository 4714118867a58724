import ProtoBridge

/// Answer of `AbortCodeUpload`: whether the upload is aborted (false: it had finished) (proto `code_inventory.AbortCodeUploadReply`).
public struct AbortCodeUploadReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AbortCodeUploadReply"
    public var uploadId: String
    public var aborted: Bool

    public init(uploadId: String = "", aborted: Bool = false) {
        self.uploadId = uploadId
        self.aborted = aborted
    }
}
