/// The statements of one database transaction, handed to the body of `ConnectionPool.transaction`.
///
/// Only valid inside that body: the connection goes back to the pool when the body returns.
public final class Transaction: Sendable {
    let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    /// Runs one statement inside the transaction and returns its rows.
    public func query(_ sql: SQL) async throws -> QueryResult {
        try await connection.query(sql)
    }

    /// Runs one statement inside the transaction and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await connection.execute(sql)
    }

    /// Bulk-loads rows with `COPY … FROM STDIN` inside the transaction; see `Connection.copyIn`.
    public func copyIn(_ sql: SQL, rows: some Sequence<[String?]>) async throws -> Int {
        try await connection.copyIn(sql, rows: rows)
    }
}
