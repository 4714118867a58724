import Foundation
import ProtoBridge

/// Request of `AppendCodeUploadChunk`: chunk `seq` of an upload's CSV bytes (proto `code_inventory.AppendCodeUploadChunkRequest`).
public struct AppendCodeUploadChunkRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AppendCodeUploadChunkRequest"
    public var uploadId: String
    public var seq: Int32
    public var data: Data

    public init(uploadId: String = "", seq: Int32 = 0, data: Data = Data()) {
        self.uploadId = uploadId
        self.seq = seq
        self.data = data
    }
}
