import Synchronization

/// The statements of one database transaction, handed to the body of `ConnectionPool.transaction`.
///
/// BEGIN is not sent on its own: it goes out with the first statement, in one round trip (and one
/// hop to a blocking thread). Statements run one after another: run them in sequence, not from
/// concurrent child tasks. Only valid inside that body: the connection goes back to the pool when
/// the body returns.
public final class Transaction: Sendable {
    let connection: Connection
    /// The BEGIN still to send with the first statement; nil once it went.
    private let pendingBegin: Mutex<SQL?>
    private let finalStatement = Mutex<SQL?>(nil)

    init(connection: Connection, begin: SQL) {
        self.connection = connection
        self.pendingBegin = Mutex(begin)
    }

    /// Runs one statement inside the transaction and returns its rows.
    public func query(_ sql: SQL) async throws -> QueryResult {
        guard let begin = takeBegin() else { return try await connection.query(sql) }
        return try await connection.queryPipeline([begin, sql])[1]
    }

    /// Runs one statement inside the transaction and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await query(sql).affectedRows
    }

    /// Bulk-loads rows with `COPY … FROM STDIN` inside the transaction; see `Connection.copyIn`.
    public func copyIn(_ sql: SQL, rows: some Sequence<[String?]>) async throws -> Int {
        // COPY cannot run in a pipeline: a pending BEGIN goes first on its own.
        if let begin = takeBegin() { try await connection.execute(begin) }
        return try await connection.copyIn(sql, rows: rows)
    }

    /// Makes `sql` the transaction's last statement, sent together with its COMMIT (one round trip
    /// less than running it and then committing). Only for `ConnectionPool.transaction` and
    /// `withAmbientTransaction` bodies; the statement's failure rolls the transaction back.
    public func runAtCommit(_ sql: SQL) {
        finalStatement.withLock { $0 = sql }
    }

    /// The statement `runAtCommit` set, taken by the one that commits.
    func takeFinalStatement() -> SQL? {
        finalStatement.withLock { final in
            defer { final = nil }
            return final
        }
    }

    /// Whether BEGIN has been sent (so the transaction must end with COMMIT or ROLLBACK).
    var hasBegun: Bool { pendingBegin.withLock { $0 == nil } }

    /// Hands the pending BEGIN to whoever sends the next statement (nil when it went already).
    func takeBegin() -> SQL? {
        pendingBegin.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }
}
