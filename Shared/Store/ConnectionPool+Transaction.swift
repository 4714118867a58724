extension ConnectionPool {
    /// Runs `body` in one transaction: `BEGIN ISOLATION LEVEL …` (sent with the body's first
    /// statement), body, `COMMIT`.
    ///
    /// A serialization failure or deadlock (40001, 40P01) — from the body's statements or from COMMIT —
    /// rolls back, waits a short jittered backoff and runs the whole body again, at most `maxAttempts`
    /// times in total; so the body must have no side effects outside the database (or tolerate repeats).
    /// Any other error rolls back and is rethrown. The connection is released between attempts.
    public func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        precondition(maxAttempts > 0, "maxAttempts must be positive")
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try await Self.runOnce(on: connection, isolation: isolation, body)
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

    private static func runOnce<T: Sendable>(
        on connection: Connection, isolation: IsolationLevel, _ body: @Sendable (Transaction) async throws -> T
    ) async throws -> T {
        let transaction = Transaction(connection: connection, begin: "BEGIN ISOLATION LEVEL \(unsafeRaw: isolation.rawValue)")
        do {
            let value = try await body(transaction)
            // No statement ran, so no BEGIN either: nothing to commit.
            guard transaction.hasBegun else { return value }
            // COMMIT of a transaction in which a statement failed (and the body caught that error)
            // succeeds with the tag ROLLBACK: report it instead of pretending the writes were kept.
            let commit = try await connection.query("COMMIT")
            guard commit.commandTag == "COMMIT" else {
                throw StoreError(kind: .other, message: "transaction was rolled back because a statement in it failed")
            }
            return value
        } catch {
            // Also after a failed COMMIT, which already ended the transaction: ROLLBACK is then a no-op.
            // It runs even if the task was cancelled, so the connection never returns mid-transaction.
            if transaction.hasBegun { try? await connection.executeScript("ROLLBACK", cancellable: false) }
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
