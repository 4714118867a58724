import Logging

/// The statements of one transaction, run synchronously on the blocking thread that holds the
/// connection (see `ConnectionPool.blockingTransaction`): no thread hand-off per statement.
///
/// BEGIN is not sent on its own: it goes out with the first statement, in one round trip, and
/// `queryAndCommit` sends the last statement with COMMIT. Only valid inside that body; never store
/// it or pass it to another thread.
public struct BlockingTransaction {
    let connection: Connection
    let handle: OpaquePointer
    let logger: Logger
    let progress: Progress

    /// Where the transaction is; shared by the copies of the value the body may make.
    final class Progress {
        /// The BEGIN still to send with the first statement; nil once it went.
        var begin: SQL?
        /// COMMIT went out with `queryAndCommit`: no statement may follow.
        var committed = false
        /// COMMIT was handed to the connection: after a lost connection the outcome is unknown.
        var commitSent = false
        /// Part of an `AmbientTransaction`: its opener commits, so `queryAndCommit` does not.
        let joined: Bool

        init(begin: SQL?, joined: Bool) {
            self.begin = begin
            self.joined = joined
        }
    }

    init(connection: Connection, handle: OpaquePointer, logger: Logger, begin: SQL?, joined: Bool = false) {
        self.connection = connection
        self.handle = handle
        self.logger = logger
        self.progress = Progress(begin: begin, joined: joined)
    }

    /// Runs one statement with its parameters bound and returns its rows.
    public func query(_ sql: SQL) throws -> QueryResult {
        try run([sql])[0]
    }

    /// Runs `statements` in order in one round trip (the pending BEGIN included) and returns the
    /// rows of each; when one fails, the transaction is aborted and its error is thrown.
    public func queryAll(_ statements: [SQL]) throws -> [QueryResult] {
        precondition(!statements.isEmpty, "queryAll needs at least one statement")
        return try run(statements)
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws -> Int {
        try query(sql).affectedRows
    }

    /// Runs the transaction's last statement and commits, in one round trip; returns its rows.
    ///
    /// When the statement fails nothing is committed and its error is thrown (the transaction is
    /// rolled back). After this call the body must not run another statement.
    public func queryAndCommit(_ sql: SQL) throws -> QueryResult {
        if progress.joined { return try query(sql) }
        progress.commitSent = true
        let results = try run([sql, "COMMIT"])
        progress.committed = true
        // As for a COMMIT sent alone: answered ROLLBACK, a failed statement was swallowed.
        guard results[1].commandTag == "COMMIT" else {
            throw StoreError(kind: .other, message: "transaction was rolled back because a statement in it failed")
        }
        return results[0]
    }

    /// Ends the transaction if `queryAndCommit` did not: COMMIT, or nothing when no statement ran.
    func commit() throws {
        guard !progress.committed, !progress.joined else { return }
        progress.committed = true
        guard progress.begin == nil else { return }
        progress.commitSent = true
        let commit = try connection.executeHoldingLock("COMMIT", on: handle)
        guard commit.commandTag == "COMMIT" else {
            throw StoreError(kind: .other, message: "transaction was rolled back because a statement in it failed")
        }
    }

    /// Whether BEGIN reached the server (so a failure needs a ROLLBACK).
    var hasBegun: Bool { progress.begin == nil }

    /// Runs `statements` after the pending BEGIN, if any, in one round trip.
    private func run(_ statements: [SQL]) throws -> [QueryResult] {
        guard !progress.committed else {
            throw StoreError(kind: .other, message: "the transaction has been committed; no statement may follow it")
        }
        for sql in statements { logger.debug("sql", metadata: ["sql": "\(sql)"]) }
        guard let begin = progress.begin else {
            if statements.count == 1 {
                try Connection.validate(statements[0])
                return [try connection.executeHoldingLock(statements[0], on: handle)]
            }
            return try connection.executePipelineHoldingLock(statements, on: handle)
        }
        progress.begin = nil
        return Array(try connection.executePipelineHoldingLock([begin] + statements, on: handle).dropFirst())
    }
}
