import Synchronization

/// A transaction that encloses a unit of work which runs its own `query`, `transaction` and
/// `blockingTransaction` calls, so that all of them — and what the opener adds — commit together.
///
/// `ConnectionPool.withAmbientTransaction` binds one to the task. The pool's methods, called on
/// that pool from the task or its child tasks, run their statements in it instead of on a
/// connection of their own, and leave BEGIN and COMMIT to the opener. Idempotent RPC handlers use
/// it so that the claim of an idempotency key, the handler's effect and the stored reply are one
/// commit: a process, a connection or the database dying anywhere in between leaves all or none.
///
/// Once the opener committed or rolled back, the transaction is closed: an unstructured task the
/// body started (which inherits the binding) then gets connections of its own again.
public final class AmbientTransaction: Sendable {
    @TaskLocal static var current: AmbientTransaction?

    let transaction: Transaction
    private let pool: ObjectIdentifier
    private let open = Mutex(true)
    private let savepoints = Mutex(0)

    init(pool: ConnectionPool, transaction: Transaction) {
        self.pool = ObjectIdentifier(pool)
        self.transaction = transaction
    }

    /// The ambient transaction that statements of `pool` from the current task join, if any.
    static func joined(by pool: ConnectionPool) -> AmbientTransaction? {
        guard let current, current.pool == ObjectIdentifier(pool), current.isOpen else { return nil }
        return current
    }

    var isOpen: Bool { open.withLock { $0 } }

    func close() { open.withLock { $0 = false } }

    /// Runs a nested transaction's body in the enclosing one, under a savepoint of its own: when
    /// the body fails, its statements are undone and the enclosing transaction can go on, as it
    /// could after a separate transaction rolled back.
    func runNested<T: Sendable>(_ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        let connection = transaction.connection
        if let begin = transaction.takeBegin() { try await connection.execute(begin) }
        let name = nextSavepoint()
        let nested = Transaction(connection: connection, begin: "SAVEPOINT \(unsafeRaw: name)")
        do {
            let value = try await body(nested)
            // Its COMMIT is the opener's: a statement meant to go with it runs now.
            if let final = nested.takeFinalStatement() { _ = try await nested.query(final) }
            return value
        } catch {
            if nested.hasBegun { try? await connection.executeScript("ROLLBACK TO SAVEPOINT \(name)", cancellable: false) }
            throw error
        }
    }

    /// Runs a blocking transaction's body on the enclosing connection, under a savepoint of its
    /// own and without a COMMIT of its own.
    func runBlocking<T: Sendable>(_ body: @escaping @Sendable (BlockingTransaction) throws -> T) async throws -> T {
        let connection = transaction.connection
        let begin = transaction.takeBegin()
        let name = nextSavepoint()
        return try await connection.run { handle in
            if let begin { _ = try connection.executeHoldingLock(begin, on: handle) }
            let tx = BlockingTransaction(
                connection: connection,
                handle: handle,
                logger: connection.logger,
                begin: "SAVEPOINT \(unsafeRaw: name)",
                joined: true
            )
            do {
                return try body(tx)
            } catch {
                if tx.hasBegun { _ = try? connection.executeHoldingLock("ROLLBACK TO SAVEPOINT \(unsafeRaw: name)", on: handle) }
                throw error
            }
        }
    }

    private func nextSavepoint() -> String {
        savepoints.withLock { count in
            count += 1
            return "ambient_\(count)"
        }
    }
}
