internal import CLibpq
import Foundation

extension Connection {
    /// Runs one statement with its parameters bound (never spliced) and returns its rows.
    public func query(_ sql: SQL) async throws -> QueryResult {
        logger.debug("sql", metadata: ["sql": "\(sql)"])
        try Self.validate(sql)
        return try await run { handle in try self.executeHoldingLock(sql, on: handle) }
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await query(sql).affectedRows
    }

    /// Runs a multi-statement script over the simple query protocol (no parameters), as migrations need.
    func executeScript(_ script: String, cancellable: Bool = true) async throws {
        guard !script.containsNUL else {
            throw StoreError(kind: .invalidInput, message: "SQL script contains a NUL byte")
        }
        try await run(cancellable: cancellable) { handle in
            let result = try LibpqResult.check(
                PQexec(handle, script),
                connection: handle,
                expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY]
            )
            PQclear(result)
        }
    }

    /// Postgres text can hold no NUL byte and libpq would silently cut the C string there.
    static func validate(_ sql: SQL) throws {
        // The placeholders are digits: only the raw pieces can hold a NUL (no render needed).
        if sql.fragments.contains(where: { if case .raw(let raw) = $0 { raw.containsNUL } else { false } }) {
            throw StoreError(kind: .invalidInput, message: "SQL text contains a NUL byte")
        }
        for (index, bind) in sql.binds.enumerated() where bind?.containsNUL == true {
            throw StoreError(kind: .invalidInput, message: "parameter $\(index + 1) contains a NUL byte")
        }
    }

    /// Runs one statement as a one-off (unnamed) statement.
    static func execute(_ sql: SQL, on handle: OpaquePointer) throws -> QueryResult {
        try withBinds(sql) { values in
            PQexecParams(handle, sql.text, Int32(values.count), nil, values.baseAddress, nil, nil, 0)
        }.check(on: handle)
    }

    /// Runs a statement prepared as `name`.
    static func execute(_ sql: SQL, prepared name: String, on handle: OpaquePointer) throws -> QueryResult {
        try withBinds(sql) { values in
            PQexecPrepared(handle, name, Int32(values.count), values.baseAddress, nil, nil, 0)
        }.check(on: handle)
    }

    /// Prepares `sql`'s text as `name` (parameter types inferred by the server, as for a one-off run).
    static func prepare(_ sql: SQL, as name: String, on handle: OpaquePointer) throws {
        let result = try LibpqResult.check(
            PQprepare(handle, name, sql.text, Int32(sql.binds.count), nil),
            connection: handle,
            expecting: [PGRES_COMMAND_OK]
        )
        PQclear(result)
    }

    /// Calls `body` with the statement's parameters as C strings (NULL for SQL NULL).
    private static func withBinds(_ sql: SQL, _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> OpaquePointer?) throws -> PendingResult {
        PendingResult(result: try withBindValues(sql, body))
    }

    /// Calls `body` with the statement's parameters as C strings (NULL for SQL NULL), valid only
    /// during the call (libpq copies them into its output buffer).
    static func withBindValues<R>(_ sql: SQL, _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) throws -> R {
        var values: [UnsafeMutablePointer<CChar>?] = []
        values.reserveCapacity(sql.binds.count)
        defer { values.forEach { free($0) } }
        for bind in sql.binds {
            guard let bind else {
                values.append(nil)
                continue
            }
            guard let copy = strdup(bind) else {
                throw StoreError(kind: .other, message: "out of memory binding parameters")
            }
            values.append(copy)
        }
        return values.map { UnsafePointer($0) }.withUnsafeBufferPointer(body)
    }

    /// A libpq result not yet checked.
    struct PendingResult {
        let result: OpaquePointer?

        func check(on handle: OpaquePointer) throws -> QueryResult {
            let checked = try LibpqResult.check(
                result,
                connection: handle,
                expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY]
            )
            defer { PQclear(checked) }
            return LibpqResult.makeQueryResult(checked)
        }
    }
}
