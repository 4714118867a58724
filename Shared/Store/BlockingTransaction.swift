import Logging

/// The statements of one transaction, run synchronously on the blocking thread that holds the
/// connection (see `ConnectionPool.blockingTransaction`): no thread hand-off per statement.
///
/// Only valid inside that body; never store it or pass it to another thread.
public struct BlockingTransaction {
    let connection: Connection
    let handle: OpaquePointer
    let logger: Logger

    /// Runs one statement with its parameters bound and returns its rows.
    public func query(_ sql: SQL) throws -> QueryResult {
        logger.debug("sql", metadata: ["sql": "\(sql)"])
        try Connection.validate(sql)
        return try connection.executeHoldingLock(sql, on: handle)
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws -> Int {
        try query(sql).affectedRows
    }
}
