extension ConnectionPool {
    /// Runs `body` in one transaction entirely on one blocking thread: BEGIN, the body's statements
    /// and COMMIT without a thread hand-off between them. For hot paths of a few statements, where
    /// the hops of `transaction` (two context switches per statement) cost more than the SQL.
    ///
    /// Same semantics as `transaction`: serialization failures and deadlocks retry the whole body
    /// (at most `maxAttempts` runs), any other error rolls back and is rethrown, and cancelling the
    /// calling task cancels the running statement. The body must not block on anything but the
    /// database (it holds a thread of the pool's blocking thread pool).
    public func blockingTransaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: @escaping @Sendable (BlockingTransaction) throws -> T
    ) async throws -> T {
        precondition(maxAttempts > 0, "maxAttempts must be positive")
        var attempt = 1
        while true {
            do {
                return try await withSession { connection, handle in
                    try Self.runBlockingOnce(BlockingTransaction(connection: connection, handle: handle, logger: connection.logger), isolation: isolation, body)
                }
            } catch let error as StoreError where error.isRetryableTransactionConflict && attempt < maxAttempts {
                logger.debug("transaction conflict; retrying", metadata: [
                    "attempt": "\(attempt)", "sqlstate": "\(error.sqlState ?? "")",
                ])
                try await Task.sleep(nanoseconds: Self.backoffNanoseconds(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    private static func runBlockingOnce<T>(_ tx: BlockingTransaction, isolation: IsolationLevel,
                                           _ body: (BlockingTransaction) throws -> T) throws -> T {
        try tx.execute("BEGIN ISOLATION LEVEL \(unsafeRaw: isolation.rawValue)")
        do {
            let value = try body(tx)
            // As in `transaction`: a COMMIT answered ROLLBACK means a failed statement was swallowed.
            let commit = try tx.query("COMMIT")
            guard commit.commandTag == "COMMIT" else {
                throw StoreError(kind: .other, message: "transaction was rolled back because a statement in it failed")
            }
            return value
        } catch {
            // After a failed COMMIT the transaction is over already and ROLLBACK is a no-op; on a
            // broken session it fails too, and the connection is closed by `run`.
            _ = try? tx.execute("ROLLBACK")
            throw error
        }
    }
}
