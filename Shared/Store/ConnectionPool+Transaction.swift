extension ConnectionPool {
    /// Runs `body` in one transaction: `BEGIN ISOLATION LEVEL …` (sent with the body's first
    /// statement), body, `COMMIT`.
    ///
    /// A serialization failure or deadlock (40001, 40P01) — from the body's statements or from COMMIT —
    /// and a connection lost before COMMIT was sent (the server rolled the transaction back) roll
    /// back, wait a short jittered backoff and run the whole body again on a fresh connection, at
    /// most `maxAttempts` times in total; so the body must have no side effects outside the database
    /// (or tolerate repeats). A connection lost during COMMIT is rethrown: the outcome is unknown.
    /// Any other error rolls back and is rethrown. The connection is released between attempts.
    ///
    /// Inside `withAmbientTransaction` on this pool, `body` runs in the enclosing transaction
    /// under a savepoint (undone alone when `body` fails) and the opener commits.
    public func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        if let ambient = AmbientTransaction.joined(by: self) { return try await ambient.runNested(body) }
        return try await retryingTransaction(isolation: isolation, maxAttempts: maxAttempts, ambient: false, body)
    }

    /// Runs `body` in one transaction that every statement of this pool made by the current task
    /// joins — its `query`, `transaction` and `blockingTransaction` calls included — and commits
    /// it when `body` returns. Retries as `transaction` does, running `body` again from the start.
    public func withAmbientTransaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        if let ambient = AmbientTransaction.joined(by: self) { return try await body(ambient.transaction) }
        return try await retryingTransaction(isolation: isolation, maxAttempts: maxAttempts, ambient: true, body)
    }

    /// Whether statements of this pool from the current task join a `withAmbientTransaction`:
    /// work handed to another task (a batch writer, say) would commit outside it.
    public var joinsAmbientTransaction: Bool { AmbientTransaction.joined(by: self) != nil }

    private func retryingTransaction<T: Sendable>(
        isolation: IsolationLevel,
        maxAttempts: Int,
        ambient: Bool,
        _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        precondition(maxAttempts > 0, "maxAttempts must be positive")
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try await self.runOnce(on: connection, isolation: isolation, ambient: ambient, body)
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

    private func runOnce<T: Sendable>(
        on connection: Connection,
        isolation: IsolationLevel,
        ambient: Bool,
        _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        let transaction = Transaction(connection: connection, begin: "BEGIN ISOLATION LEVEL \(unsafeRaw: isolation.rawValue)")
        let enclosing = ambient ? AmbientTransaction(pool: self, transaction: transaction) : nil
        let value: T
        do {
            if let enclosing {
                value = try await AmbientTransaction.$current.withValue(enclosing) { try await body(transaction) }
                enclosing.close()
            } else {
                value = try await body(transaction)
            }
        } catch {
            enclosing?.close()
            // It runs even if the task was cancelled, so the connection never returns mid-transaction.
            if transaction.hasBegun { try? await connection.executeScript("ROLLBACK", cancellable: false) }
            // The server ends a transaction whose session it lost: nothing of it was kept.
            if let store = error as? StoreError, store.isConnectionLoss { throw UncommittedConnectionLoss(error: store) }
            throw error
        }
        let final = transaction.takeFinalStatement()
        // No statement ran, so no BEGIN either: nothing to commit.
        guard transaction.hasBegun || final != nil else { return value }
        do {
            // COMMIT of a transaction in which a statement failed (and the body caught that error)
            // succeeds with the tag ROLLBACK: report it instead of pretending the writes were kept.
            let commit: QueryResult
            if let final {
                let begin = transaction.takeBegin()
                commit = try await connection.queryPipeline((begin.map { [$0] } ?? []) + [final, "COMMIT"]).last!
            } else {
                commit = try await connection.query("COMMIT")
            }
            guard commit.commandTag == "COMMIT" else {
                throw StoreError(kind: .other, message: "transaction was rolled back because a statement in it failed")
            }
            return value
        } catch {
            // After a failed COMMIT the transaction is over already: ROLLBACK is then a no-op.
            try? await connection.executeScript("ROLLBACK", cancellable: false)
            throw error
        }
    }

    /// Full jitter over an exponentially growing window (2 ms, 4 ms, … capped at 100 ms), so that
    /// the transactions that collided do not collide again in lockstep.
    static func backoffNanoseconds(afterAttempt attempt: Int) -> UInt64 {
        let window = min(100_000_000, 2_000_000 << min(attempt - 1, 10))
        return UInt64.random(in: 500_000...UInt64(max(window, 500_000)))
    }
}

/// A transaction's connection was lost before its COMMIT was sent, so the server rolled it back
/// and running it again cannot apply it twice.
struct UncommittedConnectionLoss: Error {
    let error: StoreError
}
