import ProtoBridge

/// Answer of `AppendCodeUploadChunk`: the next expected seq and the rows so far (proto `code_inventory.AppendCodeUploadChunkReply`).
public struct AppendCodeUploadChunkReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AppendCodeUploadChunkReply"
    public var uploadId: String
    public var nextSeq: Int32
    public var rows: Int32

    public init(uploadId: String = "", nextSeq: Int32 = 0, rows: Int32 = 0) {
        self.uploadId = uploadId
        self.nextSeq = nextSeq
        self.rows = rows
    }
}
