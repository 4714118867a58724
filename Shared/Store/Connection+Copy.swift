internal import CLibpq

extension Connection {
    /// Bytes handed to `PQputCopyData` per blocking call: big enough to amortise the thread hop.
    static let copyChunkSize = 256 * 1024

    /// Bulk-loads rows with `COPY … FROM STDIN` (text format) and returns the number of rows copied.
    ///
    /// `sql` is e.g. `"COPY t (a, b) FROM STDIN"` and takes no parameters. Rows are encoded on the
    /// calling task in chunks, so the sequence may be lazy and need not be `Sendable`. On any error
    /// the COPY is aborted and nothing is loaded.
    public func copyIn(_ sql: SQL, rows: some Sequence<[String?]>) async throws -> Int {
        guard sql.binds.isEmpty else {
            throw StoreError(kind: .invalidInput, message: "COPY takes no bound parameters")
        }
        try Self.validate(sql)
        logger.debug("copy in", metadata: ["sql": "\(sql)"])
        try await run { handle in
            let result = try LibpqResult.check(PQexec(handle, sql.text), connection: handle, expecting: [PGRES_COPY_IN])
            PQclear(result)
        }
        do {
            var encoder = CopyTextEncoder(capacity: Self.copyChunkSize + 64 * 1024)
            for row in rows {
                try encoder.append(row)
                if encoder.count >= Self.copyChunkSize {
                    let chunk = encoder.take()
                    try await run { handle in try Self.putCopyData(chunk, handle) }
                }
            }
            let last = encoder.take()
            return try await run { handle in
                if !last.isEmpty { try Self.putCopyData(last, handle) }
                return try Self.endCopy(handle, abortMessage: nil)
            }
        } catch {
            // Leave COPY mode so the session stays usable; the server discards everything sent so far.
            _ = try? await run(cancellable: false) { handle in
                if PQtransactionStatus(handle) == PQTRANS_ACTIVE {
                    _ = try? Self.endCopy(handle, abortMessage: "COPY aborted by the client")
                }
            }
            throw error
        }
    }

    private static func putCopyData(_ chunk: [UInt8], _ handle: OpaquePointer) throws {
        let status = chunk.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard status == 1 else {
            throw StoreError(
                kind: PQstatus(handle) == CONNECTION_OK ? .other : .connectionFailure,
                message: LibpqResult.errorMessage(handle)
            )
        }
    }

    /// Ends (or aborts) the COPY and collects its outcome; returns the copied row count.
    private static func endCopy(_ handle: OpaquePointer, abortMessage: String?) throws -> Int {
        guard PQputCopyEnd(handle, abortMessage) == 1 else {
            throw StoreError(
                kind: PQstatus(handle) == CONNECTION_OK ? .other : .connectionFailure,
                message: LibpqResult.errorMessage(handle)
            )
        }
        var firstError: (any Error)?
        var copied = 0
        while let result = PQgetResult(handle) {
            do {
                let checked = try LibpqResult.check(result, connection: handle, expecting: [PGRES_COMMAND_OK])
                copied = LibpqResult.affectedRows(checked)
                PQclear(checked)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return copied
    }
}
