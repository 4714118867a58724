import Bus
import Contracts
import Foundation
import Logging
import ServiceKit
import Store

/// SQL of imports: an upload row carries progress and parser state; each chunk is parsed and its
/// codes staged (COPY into `upload_codes`) in one transaction together with its counters.
///
/// An import is all or nothing: staged codes are not codes yet. The finish turns them into codes,
/// counts them and records the one `codes_imported` event in a single transaction, so they become
/// reservable, counted and assignable together. An upload that is aborted (by its caller, or by
/// the sweeper once it is stale) loses its staged codes and can no longer be finished.
///
/// Chunks are applied strictly in order and idempotently by (upload, seq): a repeated chunk changes
/// nothing, a chunk from the future is refused.
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
        var staged: Int64
        var finished: Bool
        var aborted: Bool
        var chunkCount: Int?
    }

    /// Creates an upload and returns its id.
    public func begin(_ target: ImportTarget, source: String, createdBy: String, now: Date) async throws -> UUID {
        let id = UUID.random()
        let state = try Self.encode(CSVCodeParser())
        try await pool.execute(
            """
            INSERT INTO uploads (id, campaign_id, type, source, parser_state, created_by, created_at, touched_at)
            VALUES (\(id), \(target.campaignId), \(target.type.rawValue), \(source), \(state), \(createdBy), \(now), \(now))
            """
        )
        return id
    }

    /// Applies chunk `seq` (stages its codes); returns the next expected seq and the totals so far
    /// (`inserted` and `duplicates` are known only once the upload finishes).
    public func append(uploadId: UUID, seq: Int, data: [UInt8], now: Date) async throws -> (nextSeq: Int, tally: ImportTally) {
        try await pool.transaction { tx in
            var upload = try await lock(uploadId, tx)
            if seq < upload.nextSeq { return (upload.nextSeq, upload.tally) }
            guard !upload.aborted else { throw CodeInventoryError.uploadAborted(uploadId.lowercasedString) }
            guard !upload.finished else { throw CodeInventoryError.uploadAlreadyFinished(uploadId.lowercasedString) }
            guard seq == upload.nextSeq else { throw CodeInventoryError.chunkOutOfOrder(expected: upload.nextSeq, got: seq) }
            var parsed = ParsedCodes()
            upload.parser.feed(data, into: &parsed)
            try await stage(parsed, into: &upload, id: uploadId, tx)
            try await tx.execute(
                """
                UPDATE uploads SET next_seq = \(seq + 1), parser_state = \(try Self.encode(upload.parser)), staged = \(upload.staged),
                    rows = \(upload.tally.rows), rejected = \(upload.tally.rejected), touched_at = \(now)
                WHERE id = \(uploadId)
                """
            )
            return (seq + 1, upload.tally)
        }
    }

    /// Ends the upload after `chunkCount` chunks (the last record may lack a line break): its
    /// staged codes become codes, all in this one transaction. Repeating it answers the same totals.
    public func finish(uploadId: UUID, chunkCount: Int, now: Date) async throws -> (target: ImportTarget, tally: ImportTally) {
        let result = try await pool.transaction { tx in
            var upload = try await lock(uploadId, tx)
            guard !upload.aborted else { throw CodeInventoryError.uploadAborted(uploadId.lowercasedString) }
            if upload.finished {
                guard upload.chunkCount == chunkCount else { throw CodeInventoryError.uploadAlreadyFinished(uploadId.lowercasedString) }
                return (upload.target, upload.tally)
            }
            guard chunkCount == upload.nextSeq else {
                throw CodeInventoryError.invalid("chunkCount", "the service received \(upload.nextSeq) chunks, not \(chunkCount)")
            }
            var parsed = ParsedCodes()
            upload.parser.finish(into: &parsed)
            try await stage(parsed, into: &upload, id: uploadId, tx)
            let inserted = try await CodeInserter.publish(upload: uploadId, staged: upload.staged, into: upload.target, tx)
            try await CodeStager.discard(upload: uploadId, tx)
            upload.tally.inserted = Int64(inserted)
            upload.tally.duplicates = upload.staged - Int64(inserted)
            try await CodeCounters.add(tx, campaignId: upload.target.campaignId, type: upload.target.type, available: inserted)
            let tally = upload.tally
            let event = CodesImported(
                campaignId: upload.target.campaignId,
                type: upload.target.type.rawValue,
                uploadId: uploadId.lowercasedString,
                rows: Self.int32(tally.rows),
                inserted: Self.int32(tally.inserted),
                duplicates: Self.int32(tally.duplicates),
                rejected: Self.int32(tally.rejected),
                completed: true
            )
            try await outbox.enqueue(tx, topic: topics.codesImported, payload: try event.serializedBytes())
            try await tx.execute(
                """
                UPDATE uploads SET parser_state = \(try Self.encode(upload.parser)), finished_at = \(now), touched_at = \(now),
                    chunk_count = \(chunkCount), staged = \(upload.staged),
                    rows = \(tally.rows), inserted = \(tally.inserted), duplicates = \(tally.duplicates), rejected = \(tally.rejected)
                WHERE id = \(uploadId)
                """
            )
            return (upload.target, tally)
        }
        let (target, tally) = result
        if tally.inserted > 0 {
            // Off the reply's path: the best-effort ANALYZE takes ~0.1 s on millions of codes.
            Task.detached { [self] in await refreshStatistics(after: target, logger: logger) }
        }
        return (target, tally)
    }

    /// Gives an unfinished upload up: its staged codes are deleted and it can no longer take chunks
    /// or be finished. Returns false when it had finished (then it stays as it is); aborting twice
    /// is a no-op.
    @discardableResult
    public func abort(uploadId: UUID, reason: String, now: Date) async throws -> Bool {
        try await pool.transaction { tx in
            let upload = try await lock(uploadId, tx)
            if upload.finished { return false }
            if upload.aborted { return true }
            try await markAborted(uploadId, reason: reason, now: now, tx)
            return true
        }
    }

    /// Stages the codes of one part and adds its values to the running totals.
    private func stage(_ parsed: ParsedCodes, into upload: inout UploadRow, id: UUID, _ tx: Transaction) async throws {
        try await CodeStager.stage(parsed.codes, upload: id, after: upload.staged, tx)
        upload.staged += Int64(parsed.codes.count)
        upload.tally.rows += Int64(parsed.codes.count + parsed.rejected)
        upload.tally.rejected += Int64(parsed.rejected)
    }

    func markAborted(_ id: UUID, reason: String, now: Date, _ tx: Transaction) async throws {
        try await CodeStager.discard(upload: id, tx)
        try await tx.execute("UPDATE uploads SET aborted_at = \(now), abort_reason = \(reason) WHERE id = \(id)")
    }

    private func lock(_ id: UUID, _ tx: Transaction) async throws -> UploadRow {
        let rows = try await tx.query(
            """
            SELECT campaign_id, type, next_seq, parser_state, rows, inserted, duplicates, rejected, staged,
                   finished_at IS NOT NULL AS finished, aborted_at IS NOT NULL AS aborted, chunk_count
            FROM uploads WHERE id = \(id) FOR UPDATE
            """
        )
        guard let row = rows.first else { throw CodeInventoryError.uploadNotFound(id.lowercasedString) }
        guard let type = CodeType(rawValue: try row.decode("type", as: String.self)) else {
            throw StoreError(kind: .decoding, message: "unknown code type in uploads")
        }
        let parser = try JSONDecoder().decode(CSVCodeParser.self, from: Data(try row.decode("parser_state", as: String.self).utf8))
        return UploadRow(
            target: ImportTarget(campaignId: try row.decode("campaign_id"), type: type),
            nextSeq: try row.decode("next_seq"),
            parser: parser,
            tally: ImportTally(
                rows: try row.decode("rows"),
                inserted: try row.decode("inserted"),
                duplicates: try row.decode("duplicates"),
                rejected: try row.decode("rejected")
            ),
            staged: try row.decode("staged"),
            finished: try row.decode("finished"),
            aborted: try row.decode("aborted"),
            chunkCount: try row.decodeIfPresent("chunk_count")
        )
    }

    private static func encode(_ parser: CSVCodeParser) throws -> String {
        String(decoding: try JSONEncoder().encode(parser), as: UTF8.self)
    }

    /// Counts in replies and events are int32 (JSON numbers); an upload is bounded far below 2³¹ rows.
    static func int32(_ value: Int64) -> Int32 {
        Int32(clamping: value)
    }
}
