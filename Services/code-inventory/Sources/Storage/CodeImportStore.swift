import Bus
import Contracts
import Foundation
import Logging
import ServiceKit
import Store

/// SQL of imports: an upload row carries progress and parser state; each chunk is parsed and its
/// codes stored (COPY batches) in one transaction together with its counters and event.
///
/// Chunks are applied strictly in order and idempotently by (upload, seq): a repeated chunk changes
/// nothing, a chunk from the future is refused. Codes become available chunk by chunk; since
/// duplicates are never an error, an interrupted upload is simply uploaded again.
public struct CodeImportStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: EventTopics
    let logger: Logger

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics, logger: Logger = Logger(label: "code-inventory")) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
        self.logger = logger
    }

    /// One upload row, locked.
    struct UploadRow: Sendable {
        var target: ImportTarget
        var nextSeq: Int
        var parser: CSVCodeParser
        var tally: ImportTally
        var finished: Bool
        var chunkCount: Int?
    }

    /// Creates an upload and returns its id.
    public func begin(_ target: ImportTarget, source: String, createdBy: String, now: Date) async throws -> UUID {
        let id = UUID.random()
        let state = try Self.encode(CSVCodeParser())
        try await pool.execute("""
            INSERT INTO uploads (id, campaign_id, type, source, parser_state, created_by, created_at)
            VALUES (\(id), \(target.campaignId), \(target.type.rawValue), \(source), \(state), \(createdBy), \(now))
            """)
        return id
    }

    /// Applies chunk `seq`; returns the next expected seq and the totals so far.
    public func append(uploadId: UUID, seq: Int, data: [UInt8]) async throws -> (nextSeq: Int, tally: ImportTally) {
        let progress = try await pool.transaction { tx in
            var upload = try await lock(uploadId, tx)
            if seq < upload.nextSeq { return (upload.nextSeq, upload.tally) }
            guard !upload.finished else { throw CodeInventoryError.uploadAlreadyFinished(uploadId.uuidString.lowercased()) }
            guard seq == upload.nextSeq else { throw CodeInventoryError.chunkOutOfOrder(expected: upload.nextSeq, got: seq) }
            var parsed = ParsedCodes()
            upload.parser.feed(data, into: &parsed)
            let part = try await store(parsed, upload: uploadId, target: upload.target, completed: false, tx)
            upload.tally = upload.tally + part
            try await tx.execute("""
                UPDATE uploads SET next_seq = \(seq + 1), parser_state = \(try Self.encode(upload.parser)),
                    rows = \(upload.tally.rows), inserted = \(upload.tally.inserted),
                    duplicates = \(upload.tally.duplicates), rejected = \(upload.tally.rejected)
                WHERE id = \(uploadId)
                """)
            return (seq + 1, upload.tally)
        }
        await refreshStatisticsIfGrown(logger: logger)
        return progress
    }

    /// Ends the upload after `chunkCount` chunks (the last record may lack a line break); repeating
    /// it answers the same totals.
    public func finish(uploadId: UUID, chunkCount: Int, now: Date) async throws -> (target: ImportTarget, tally: ImportTally) {
        let result = try await pool.transaction { tx in
            var upload = try await lock(uploadId, tx)
            if upload.finished {
                guard upload.chunkCount == chunkCount else { throw CodeInventoryError.uploadAlreadyFinished(uploadId.uuidString.lowercased()) }
                return (upload.target, upload.tally)
            }
            guard chunkCount == upload.nextSeq else {
                throw CodeInventoryError.invalid("chunkCount", "the service received \(upload.nextSeq) chunks, not \(chunkCount)")
            }
            var parsed = ParsedCodes()
            upload.parser.finish(into: &parsed)
            let part = try await store(parsed, upload: uploadId, target: upload.target, completed: true, tx)
            upload.tally = upload.tally + part
            try await tx.execute("""
                UPDATE uploads SET parser_state = \(try Self.encode(upload.parser)), finished_at = \(now), chunk_count = \(chunkCount),
                    rows = \(upload.tally.rows), inserted = \(upload.tally.inserted),
                    duplicates = \(upload.tally.duplicates), rejected = \(upload.tally.rejected)
                WHERE id = \(uploadId)
                """)
            return (upload.target, upload.tally)
        }
        await refreshStatisticsIfGrown(logger: logger)
        return result
    }

    /// Stores one part's codes, counts it, and records its event (always for the completing part).
    private func store(_ parsed: ParsedCodes, upload: UUID, target: ImportTarget, completed: Bool, _ tx: Transaction) async throws -> ImportTally {
        let inserted = try await CodeInserter.insert(parsed.codes, into: target, tx)
        let part = ImportTally(rows: Int64(parsed.codes.count + parsed.rejected), inserted: Int64(inserted),
                               duplicates: Int64(parsed.codes.count - inserted), rejected: Int64(parsed.rejected))
        try await CodeCounters.add(tx, campaignId: target.campaignId, type: target.type, available: inserted)
        if part.rows > 0 || completed {
            let event = CodesImported(campaignId: target.campaignId, type: target.type.rawValue, uploadId: upload.uuidString.lowercased(),
                                      rows: Self.int32(part.rows), inserted: Self.int32(part.inserted),
                                      duplicates: Self.int32(part.duplicates), rejected: Self.int32(part.rejected), completed: completed)
            try await outbox.enqueue(tx, topic: topics.codesImported, payload: try event.serializedBytes())
        }
        return part
    }

    private func lock(_ id: UUID, _ tx: Transaction) async throws -> UploadRow {
        let rows = try await tx.query("""
            SELECT campaign_id, type, next_seq, parser_state, rows, inserted, duplicates, rejected,
                   finished_at IS NOT NULL AS finished, chunk_count
            FROM uploads WHERE id = \(id) FOR UPDATE
            """)
        guard let row = rows.first else { throw CodeInventoryError.uploadNotFound(id.uuidString.lowercased()) }
        guard let type = CodeType(rawValue: try row.decode("type", as: String.self)) else {
            throw StoreError(kind: .decoding, message: "unknown code type in uploads")
        }
        let parser = try JSONDecoder().decode(CSVCodeParser.self, from: Data(try row.decode("parser_state", as: String.self).utf8))
        return UploadRow(target: ImportTarget(campaignId: try row.decode("campaign_id"), type: type),
                         nextSeq: try row.decode("next_seq"), parser: parser,
                         tally: ImportTally(rows: try row.decode("rows"), inserted: try row.decode("inserted"),
                                            duplicates: try row.decode("duplicates"), rejected: try row.decode("rejected")),
                         finished: try row.decode("finished"), chunkCount: try row.decodeIfPresent("chunk_count"))
    }

    private static func encode(_ parser: CSVCodeParser) throws -> String {
        String(decoding: try JSONEncoder().encode(parser), as: UTF8.self)
    }

    /// Counts in replies and events are int32 (JSON numbers); an upload is bounded far below 2³¹ rows.
    static func int32(_ value: Int64) -> Int32 {
        Int32(clamping: value)
    }
}
