internal import CLibpq
import Foundation

extension Connection {
    /// Runs `statements` in one round trip (libpq's pipeline mode, one Sync at the end) and returns
    /// each one's result, in order. The caller holds `lock` and passes the session's handle.
    ///
    /// Used to send a transaction's BEGIN with its first statement and its COMMIT with its last:
    /// a transaction of four round trips then costs two, and a round trip is two thread wake-ups
    /// on each side. Statements go through the prepared-statement cache as in `executeHoldingLock`.
    /// When one fails, the server skips the rest up to the Sync; the first failure is thrown after
    /// the pipeline is drained, so the session is left usable (in a failed transaction, if one
    /// was open: the caller rolls it back).
    func executePipelineHoldingLock(_ batch: [SQL], on handle: OpaquePointer) throws -> [QueryResult] {
        precondition(!batch.isEmpty, "a pipeline needs at least one statement")
        for sql in batch { try Self.validate(sql) }
        guard PQenterPipelineMode(handle) == 1 else {
            throw StoreError(
                kind: PQstatus(handle) == CONNECTION_OK ? .other : .connectionFailure,
                message: "could not enter pipeline mode: \(LibpqResult.errorMessage(handle))"
            )
        }
        var sent: [Sent] = []
        var failure: (any Error)?
        do {
            for sql in batch { try send(sql, on: handle, into: &sent) }
        } catch {
            failure = error
        }
        // Whatever was sent is synced and read back, so the session ends the call idle. A session
        // that cannot even send its Sync is left in pipeline mode: report it as lost, so it is closed.
        guard PQpipelineSync(handle) == 1 else {
            throw StoreError(kind: .connectionFailure, message: "could not send the pipeline: \(LibpqResult.errorMessage(handle))")
        }
        var results: [QueryResult] = []
        for step in sent {
            do {
                let result = try Self.readResult(on: handle)
                switch step {
                case .prepare(let text, let name): statements.prepared(text, as: name)
                case .run: results.append(result)
                }
            } catch let error as StoreError {
                if case .run(let text, true) = step, error.isStalePreparedStatement { statements.forget(text) }
                if failure == nil { failure = error }
            }
        }
        try Self.finishPipeline(on: handle)
        if let failure { throw failure }
        return results
    }

    /// What one `PQsend…` call queued, in the order its results come back.
    enum Sent {
        /// A statement prepared under a name (its result has no rows).
        case prepare(text: String, name: String)
        /// A statement run; `prepared` when it ran under a name known before this pipeline.
        case run(text: String, prepared: Bool)
    }

    /// Queues one statement (and its PREPARE the first time it repeats), noting what was queued.
    private func send(_ sql: SQL, on handle: OpaquePointer, into sent: inout [Sent]) throws {
        let count = Int32(sql.binds.count)
        let text = sql.text
        let name: String
        let known: Bool
        switch statements.plan(for: text) {
        case .unnamed:
            let queued = try Self.withBindValues(sql) { PQsendQueryParams(handle, text, count, nil, $0.baseAddress, nil, nil, 0) }
            try Self.checkSent(on: handle, failed: queued != 1)
            sent.append(.run(text: text, prepared: false))
            return
        case .prepare(let new):
            try Self.checkSent(on: handle, failed: PQsendPrepare(handle, new, text, count, nil) != 1)
            sent.append(.prepare(text: text, name: new))
            (name, known) = (new, false)
        case .prepared(let existing):
            (name, known) = (existing, true)
        }
        let queued = try Self.withBindValues(sql) { PQsendQueryPrepared(handle, name, count, $0.baseAddress, nil, nil, 0) }
        try Self.checkSent(on: handle, failed: queued != 1)
        sent.append(.run(text: text, prepared: known))
    }

    /// Throws when the last `PQsend…` call was refused (`failed`, or the connection is gone).
    private static func checkSent(on handle: OpaquePointer, failed: Bool) throws {
        if failed || PQstatus(handle) != CONNECTION_OK {
            throw StoreError(
                kind: PQstatus(handle) == CONNECTION_OK ? .other : .connectionFailure,
                message: LibpqResult.errorMessage(handle)
            )
        }
    }

    /// One queued statement's result (checked), then the NULL that ends it.
    private static func readResult(on handle: OpaquePointer) throws -> QueryResult {
        let result = PQgetResult(handle)
        // Up to the NULL that ends this statement's results, even after an error. A NULL first
        // means the connection failed: reading on would take the next statement's results.
        defer { if result != nil { while let extra = PQgetResult(handle) { PQclear(extra) } } }
        let checked = try LibpqResult.check(
            result,
            connection: handle,
            expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY]
        )
        defer { PQclear(checked) }
        return LibpqResult.makeQueryResult(checked)
    }

    /// Reads up to the Sync's result and leaves pipeline mode.
    private static func finishPipeline(on handle: OpaquePointer) throws {
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if PQexitPipelineMode(handle) == 1 { return }
        // Something was left unread (it should not be): drop it and try once more; a session stuck
        // in pipeline mode is reported as lost, so it is closed rather than reused.
        while let result = PQgetResult(handle) { PQclear(result) }
        guard PQexitPipelineMode(handle) == 1 else {
            throw StoreError(kind: .connectionFailure, message: "could not leave pipeline mode: \(LibpqResult.errorMessage(handle))")
        }
    }
}

extension Connection {
    /// Runs `statements` in one round trip on a blocking thread (see `executePipelineHoldingLock`).
    func queryPipeline(_ statements: [SQL]) async throws -> [QueryResult] {
        for sql in statements { logger.debug("sql", metadata: ["sql": "\(sql)"]) }
        return try await run { handle in try self.executePipelineHoldingLock(statements, on: handle) }
    }
}
