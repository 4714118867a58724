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
///
/// All or nothing: the service imports nothing before FinishCodeUpload. A body over the limit
/// (413 before anything is read when `Content-Length` says so), a client that goes away, or any
/// failure after BeginCodeUpload makes the gateway send AbortCodeUpload, so the service discards
/// what it staged at once (its stale-upload sweeper is the fallback when even that fails).
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
        if let length = upload.contentLength, length > upload.limitBytes { throw upload.tooLarge }
        let begin: [UInt8]
        do {
            begin = try BeginCodeUploadRequest(campaignId: upload.pathParameters["campaignId"] ?? "", type: type).serializedBytes()
        } catch let error as ProtoError {
            throw GatewayError(error)  // a NUL in the type or the campaign id
        }
        let started = try BeginCodeUploadReply(
            serializedBytes: try await upload.call(CodeInventoryMethods.beginCodeUpload.name, body: begin)
        )
        do {
            return try await stream(body, uploadId: started.uploadId, maxChunkBytes: Int(started.maxChunkBytes), upload)
        } catch {
            await abort(started.uploadId, because: error, upload)
            throw error
        }
    }

    /// Sends the body in chunks, then finishes the upload; returns FinishCodeUpload's reply.
    private func stream(_ body: RequestBody, uploadId: String, maxChunkBytes: Int, _ upload: StreamedUpload) async throws -> [UInt8] {
        let chunkBytes = max(1, min(upload.chunkBytes, maxChunkBytes))
        var pending: [UInt8] = []
        pending.reserveCapacity(chunkBytes)
        var seq = 0
        var total = 0
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= upload.limitBytes else { throw upload.tooLarge }
            pending.append(contentsOf: buffer.readableBytesView)
            while pending.count >= chunkBytes {
                try await send(Array(pending.prefix(chunkBytes)), seq: seq, uploadId: uploadId, upload)
                pending.removeFirst(chunkBytes)
                seq += 1
            }
        }
        // A body cut short must not be imported as if it were the whole file.
        if let length = upload.contentLength, total != length {
            throw GatewayError(.invalidArgument, "request body ended after \(total) of \(length) bytes")
        }
        if !pending.isEmpty {
            try await send(pending, seq: seq, uploadId: uploadId, upload)
            seq += 1
        }
        let finish = FinishCodeUploadRequest(uploadId: uploadId, chunkCount: Int32(seq))
        return try await upload.call(CodeInventoryMethods.finishCodeUpload.name, body: try finish.serializedBytes(), retries: 2)
    }

    /// Tells the service to discard the upload. Runs in a task of its own: when the client went
    /// away, the request's task may be cancelled, and the abort must still be sent. Its failure is
    /// only logged (the service's sweeper aborts the upload once it is stale).
    private func abort(_ uploadId: String, because error: any Error, _ upload: StreamedUpload) async {
        let request = AbortCodeUploadRequest(uploadId: uploadId, reason: "gateway: \(error)")
        await Task {
            do {
                _ = try await upload.call(CodeInventoryMethods.abortCodeUpload.name, body: try request.serializedBytes(), retries: 2)
            } catch {
                upload.logger.warning("aborting code upload \(uploadId) failed (the service's sweeper will): \(error)")
            }
        }.value
    }

    private func send(_ data: [UInt8], seq: Int, uploadId: String, _ upload: StreamedUpload) async throws {
        // Built as a generic message: the bytes go to the wire without the mirror's JSON round trip.
        let message = ProtoMessage(
            type: AppendCodeUploadChunkRequest.protoType,
            fields: [
                "upload_id": .string(uploadId), "seq": .int(Int64(seq)), "data": .bytes(data),
            ]
        )
        _ = try await upload.call(CodeInventoryMethods.appendCodeUploadChunk.name, body: try message.serializedBytes(), retries: 2)
    }
}
