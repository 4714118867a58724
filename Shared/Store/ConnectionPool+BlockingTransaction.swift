extension ConnectionPool {
    /// Runs `body` in one transaction entirely on one blocking thread: BEGIN, the body's statements
    /// and COMMIT without a thread hand-off between them. For hot paths of a few statements, where
    /// the hops of `transaction` (two context switches per statement) cost more than the SQL.
    /// BEGIN travels with the first statement, and `BlockingTransaction.queryAndCommit` sends
    /// COMMIT with the last, so a transaction of n statements costs n round trips, not n + 2.
    ///
    /// Same semantics as `transaction`: serialization failures, deadlocks and a connection lost
    /// before COMMIT was sent retry the whole body (at most `maxAttempts` runs), any other error
    /// rolls back and is rethrown, and cancelling the calling task cancels the running statement.
    /// The body must not block on anything but the database (it holds a thread of the pool's
    /// blocking thread pool). Inside `withAmbientTransaction` on this pool, `body` runs in the
    /// enclosing transaction and its opener commits.
    public func blockingTransaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: @escaping @Sendable (BlockingTransaction) throws -> T
    ) async throws -> T {
        if let ambient = AmbientTransaction.joined(by: self) { return try await ambient.runBlocking(body) }
        precondition(maxAttempts > 0, "maxAttempts must be positive")
        var attempt = 1
        while true {
            do {
                return try await withSession { connection, handle in
                    let tx = BlockingTransaction(
                        connection: connection,
                        handle: handle,
                        logger: connection.logger,
                        begin: "BEGIN ISOLATION LEVEL \(unsafeRaw: isolation.rawValue)"
                    )
                    return try Self.runBlockingOnce(tx, body)
                }
            } catch let error as StoreError where error.isRetryableTransactionConflict && attempt < maxAttempts {
                logger.debug(
                    "transaction conflict; retrying",
                    metadata: [
                        "attempt": "\(attempt)", "sqlstate": "\(error.sqlState ?? "")",
                    ]
                )
            } catch let lost as UncommittedConnectionLoss {
                guard attempt < maxAttempts else { throw lost.error }
                logger.debug("connection lost before commit; retrying", metadata: ["attempt": "\(attempt)", "error": "\(lost.error)"])
            }
            try await Task.sleep(nanoseconds: Self.backoffNanoseconds(afterAttempt: attempt))
            attempt += 1
        }
    }

    private static func runBlockingOnce<T>(_ tx: BlockingTransaction, _ body: (BlockingTransaction) throws -> T) throws -> T {
        do {
            let value = try body(tx)
            try tx.commit()
            return value
        } catch {
            // After a failed COMMIT the transaction is over already and ROLLBACK is a no-op; on a
            // broken session it fails too, and the connection is closed by `run`.
            if tx.hasBegun { _ = try? tx.connection.executeHoldingLock("ROLLBACK", on: tx.handle) }
            if let store = error as? StoreError, store.isConnectionLoss, !tx.progress.commitSent {
                throw UncommittedConnectionLoss(error: store)
            }
            throw error
        }
    }
}
