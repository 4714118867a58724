import Bus
import Contracts
import Foundation
import ProtoBridge
import ServiceKit

/// The import methods: the chunked upload (Begin/Append/Finish/Abort, driven by the gateway for
/// text/csv bodies) and ImportCodesFromObject (reads the object store and feeds the same path).
/// Either way nothing is imported before the finish, which imports everything at once.
struct CodeImportHandlers: Sendable {
    let store: CodeImportStore
    let objects: any ObjectStore
    let clock: any WallClock
    /// Largest chunk accepted: what fits in one bus message with room for the envelope.
    let maxChunkBytes: Int

    /// Chunk size used when reading from the object store.
    static let objectChunkBytes = 1 << 20

    init(store: CodeImportStore, objects: any ObjectStore, clock: any WallClock, maxMessageBytes: Int) {
        self.store = store
        self.objects = objects
        self.clock = clock
        self.maxChunkBytes = max(4 << 10, maxMessageBytes - (64 << 10))
    }

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(CodeInventoryMethods.beginCodeUpload) { (request: BeginCodeUploadRequest, context) in
            try await begin(request, context)
        }
        // Raw: a chunk's bytes go straight from the wire to the parser (no JSON round trip of the mirror).
        runtime.router.registerRaw(CodeInventoryMethods.appendCodeUploadChunk) { body, context in try await append(body, context) }
        runtime.router.register(CodeInventoryMethods.finishCodeUpload) { (request: FinishCodeUploadRequest, context) in
            try await finish(request, context)
        }
        runtime.router.register(CodeInventoryMethods.abortCodeUpload) { (request: AbortCodeUploadRequest, context) in
            try await abort(request, context)
        }
        runtime.registerIdempotent(CodeInventoryMethods.importCodesFromObject) { (request: ImportCodesFromObjectRequest, context) in
            try await importObject(request, context)
        }
    }

    func begin(_ request: BeginCodeUploadRequest, _ context: RPCContext) async throws -> BeginCodeUploadReply {
        try CampaignCodeHandlers.authorize(context)
        let target = try ImportTarget.validate(campaignId: request.campaignId, type: request.type)
        let id = try await store.begin(target, source: "upload", createdBy: context.principal.subject, now: clock.now())
        return BeginCodeUploadReply(uploadId: id.lowercasedString, maxChunkBytes: Int32(clamping: maxChunkBytes))
    }

    func append(_ body: [UInt8], _ context: RPCContext) async throws -> [UInt8] {
        try CampaignCodeHandlers.authorize(context)
        let message: ProtoMessage
        do {
            message = try ProtoMessage(type: AppendCodeUploadChunkRequest.protoType, serializedBytes: body)
        } catch {
            throw RPCError.invalidArgument("body is not a valid \(AppendCodeUploadChunkRequest.protoName)")
        }
        guard case .string(let rawId)? = message["upload_id"], let uploadId = UUID(uuidString: rawId) else {
            throw CodeInventoryError.invalid("uploadId", "must be the id BeginCodeUpload answered")
        }
        var seq: Int64 = 0
        if case .int(let value)? = message["seq"] { seq = value }
        var data: [UInt8] = []
        if case .bytes(let bytes)? = message["data"] { data = bytes }
        var violations: [Violation] = []
        if seq < 0 { violations.append(Violation("seq", "must not be negative")) }
        if data.count > maxChunkBytes { violations.append(Violation("data", "larger than \(maxChunkBytes) bytes")) }
        guard violations.isEmpty else { throw CodeInventoryError.invalid(violations) }
        let progress = try await store.append(uploadId: uploadId, seq: Int(seq), data: data, now: clock.now())
        return try AppendCodeUploadChunkReply(
            uploadId: uploadId.lowercasedString,
            nextSeq: Int32(clamping: progress.nextSeq),
            rows: CodeImportStore.int32(progress.tally.rows)
        ).serializedBytes()
    }

    func finish(_ request: FinishCodeUploadRequest, _ context: RPCContext) async throws -> ImportCodesReply {
        try CampaignCodeHandlers.authorize(context)
        guard let uploadId = UUID(uuidString: request.uploadId) else {
            throw CodeInventoryError.invalid("uploadId", "must be the id BeginCodeUpload answered")
        }
        guard request.chunkCount >= 0 else { throw CodeInventoryError.invalid("chunkCount", "must not be negative") }
        let result = try await store.finish(uploadId: uploadId, chunkCount: Int(request.chunkCount), now: clock.now())
        return Self.reply(result.target, result.tally)
    }

    func abort(_ request: AbortCodeUploadRequest, _ context: RPCContext) async throws -> AbortCodeUploadReply {
        try CampaignCodeHandlers.authorize(context)
        guard let uploadId = UUID(uuidString: request.uploadId) else {
            throw CodeInventoryError.invalid("uploadId", "must be the id BeginCodeUpload answered")
        }
        // Postgres text cannot hold NUL; the reason is only a note.
        let reason = String(request.reason.replacingOccurrences(of: "\u{0}", with: "").prefix(200))
        let aborted = try await store.abort(
            uploadId: uploadId,
            reason: reason.isEmpty ? "aborted by \(context.principal.subject)" : reason,
            now: clock.now()
        )
        return AbortCodeUploadReply(uploadId: uploadId.lowercasedString, aborted: aborted)
    }

    func importObject(_ request: ImportCodesFromObjectRequest, _ context: RPCContext) async throws -> ImportCodesReply {
        try CampaignCodeHandlers.authorize(context)
        let key = try FileKey.parse(request.fileKey, campaignId: request.campaignId, type: request.type)
        let uploadId = try await store.begin(key.target, source: "object:\(key.key)", createdBy: context.principal.subject, now: clock.now())
        let sequence = ChunkSequence()
        do {
            try await objects.read(key: key.key, chunkBytes: Self.objectChunkBytes) { [store, clock] data in
                _ = try await store.append(uploadId: uploadId, seq: sequence.next(), data: data, now: clock.now())
            }
            let result = try await store.finish(uploadId: uploadId, chunkCount: sequence.count, now: clock.now())
            return Self.reply(result.target, result.tally)
        } catch {
            // Nothing was imported (staged codes are not codes); this also keeps the upload from
            // waiting for the stale-upload sweeper. Best effort: the sweeper is the fallback.
            do {
                try await store.abort(uploadId: uploadId, reason: "import from \(key.key) failed: \(error)", now: clock.now())
            } catch let abortError {
                store.logger.warning("aborting upload \(uploadId.lowercasedString) after a failed import failed too: \(abortError)")
            }
            throw error
        }
    }

    static func reply(_ target: ImportTarget, _ tally: ImportTally) -> ImportCodesReply {
        ImportCodesReply(
            campaignId: target.campaignId,
            type: target.type.rawValue,
            rows: CodeImportStore.int32(tally.rows),
            inserted: CodeImportStore.int32(tally.inserted),
            duplicates: CodeImportStore.int32(tally.duplicates),
            rejected: CodeImportStore.int32(tally.rejected)
        )
    }
}
