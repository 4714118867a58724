import Bus
import Contracts
import Foundation
import Hummingbird
import ProtoBridge

/// `POST /api/campaigns/{campaignId}/codes?type=…` with `Content-Type: text/csv`: the body goes to
/// code-inventory as BeginCodeUpload, AppendCodeUploadChunk × N (seq 0, 1, …), FinishCodeUpload.
///
/// The body is read as it arrives and sent on in chunks of at most `StreamedUpload.chunkBytes`,
/// one chunk in flight (the service's answer is the back-pressure). Chunks are idempotent by
/// (uploadId, seq), so a chunk whose answer was lost is simply sent again.
public struct CSVCodeUpload: StreamedBodyHandler {
    public let mediaType = "text/csv"

    public init() {}

    public func handle(_ body: RequestBody, _ upload: StreamedUpload) async throws -> [UInt8] {
        var violations: [FieldViolation] = []
        var type = ""
        for (name, value) in upload.query {
            if name == "type" { type = value } else { violations.append(FieldViolation(field: name, description: "unknown query parameter")) }
        }
        if !violations.isEmpty { throw GatewayError(.invalidArgument, "invalid request", violations: violations) }
        let begin = BeginCodeUploadRequest(campaignId: upload.pathParameters["campaignId"] ?? "", type: type)
        let started = try BeginCodeUploadReply(serializedBytes: try await upload.call("BeginCodeUpload", body: try begin.serializedBytes()))
        let chunkBytes = max(1, min(upload.chunkBytes, Int(started.maxChunkBytes)))

        var pending: [UInt8] = []
        pending.reserveCapacity(chunkBytes)
        var seq = 0
        var total = 0
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= upload.limitBytes else {
                throw GatewayError(.resourceExhausted, "request body too large (limit \(upload.limitBytes) bytes)", httpStatus: .contentTooLarge)
            }
            pending.append(contentsOf: buffer.readableBytesView)
            while pending.count >= chunkBytes {
                try await send(Array(pending.prefix(chunkBytes)), seq: seq, uploadId: started.uploadId, upload)
                pending.removeFirst(chunkBytes)
                seq += 1
            }
        }
        if !pending.isEmpty {
            try await send(pending, seq: seq, uploadId: started.uploadId, upload)
            seq += 1
        }
        let finish = FinishCodeUploadRequest(uploadId: started.uploadId, chunkCount: Int32(seq))
        return try await upload.call("FinishCodeUpload", body: try finish.serializedBytes(), retries: 2)
    }

    private func send(_ data: [UInt8], seq: Int, uploadId: String, _ upload: StreamedUpload) async throws {
        // Built as a generic message: the bytes go to the wire without the mirror's JSON round trip.
        let message = ProtoMessage(type: AppendCodeUploadChunkRequest.protoType, fields: [
            "upload_id": .string(uploadId), "seq": .int(Int64(seq)), "data": .bytes(data),
        ])
        _ = try await upload.call("AppendCodeUploadChunk", body: try message.serializedBytes(), retries: 2)
    }
}
