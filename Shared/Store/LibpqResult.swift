internal import CLibpq

/// The one place that turns libpq results into `QueryResult`s or `StoreError`s.
enum LibpqResult {
    /// Checks a `PGresult` (which may be NULL) against the statuses the caller expects, and always
    /// frees it unless it is returned. Errors carry SQLSTATE, constraint and detail from the server;
    /// client-side failures without a SQLSTATE become `.connectionFailure` when the session is gone.
    static func check(_ result: OpaquePointer?, connection: OpaquePointer, expecting: [ExecStatusType]) throws(StoreError) -> OpaquePointer {
        guard let result else {
            throw StoreError(
                kind: PQstatus(connection) == CONNECTION_OK ? .other : .connectionFailure,
                message: errorMessage(connection)
            )
        }
        let status = PQresultStatus(result)
        if expecting.contains(status) { return result }
        defer { PQclear(result) }
        switch status {
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE, PGRES_PIPELINE_ABORTED:
            throw error(from: result, connection: connection)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            leaveCopy(connection, status: status)
            throw StoreError(kind: .invalidInput, message: "COPY FROM STDIN / TO STDOUT is only supported through copyIn")
        default:
            throw StoreError(kind: .other, message: "unexpected result status \(String(cString: PQresStatus(status)))")
        }
    }

    /// A statement unexpectedly started COPY: leave that mode so the session stays usable.
    private static func leaveCopy(_ connection: OpaquePointer, status: ExecStatusType) {
        if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(connection, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        }
        if status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
            _ = PQputCopyEnd(connection, "COPY FROM STDIN is only supported through copyIn")
        }
        while let pending = PQgetResult(connection) {
            let pendingStatus = PQresultStatus(pending)
            PQclear(pending)
            if pendingStatus == PGRES_COPY_IN || pendingStatus == PGRES_COPY_OUT || pendingStatus == PGRES_COPY_BOTH { break }
        }
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer) -> StoreError {
        let sqlState = field(result, cpq_diag_sqlstate)
        let message =
            field(result, cpq_diag_message_primary)
            ?? String(cString: PQresultErrorMessage(result)).trimmingWhitespace()
        let kind: StoreError.Kind
        if let sqlState {
            kind = StoreError.Kind(sqlState: sqlState)
        } else {
            kind = PQstatus(connection) == CONNECTION_OK ? .other : .connectionFailure
        }
        return StoreError(
            kind: kind,
            sqlState: sqlState,
            message: message.isEmpty ? errorMessage(connection) : message,
            constraint: field(result, cpq_diag_constraint_name),
            detail: field(result, cpq_diag_message_detail)
        )
    }

    /// Copies a result into Swift values. Runs on the blocking thread, so decoding never loads the cooperative pool.
    static func makeQueryResult(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            columns.append(String(cString: PQfname(result, Int32(column))))
        }
        var cells: [String?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    cells.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
        }
        return QueryResult(
            storage: ResultStorage(columns: columns, cells: cells, rowCount: rowCount),
            affectedRows: affectedRows(result),
            commandTag: String(cString: PQcmdStatus(result))
        )
    }

    static func affectedRows(_ result: OpaquePointer) -> Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let message = PQerrorMessage(connection) else { return "unknown libpq error" }
        let text = String(cString: message).trimmingWhitespace()
        return text.isEmpty ? "unknown libpq error" : text
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let value = PQresultErrorField(result, code) else { return nil }
        return String(cString: value)
    }
}
