internal import CLibpq
import Foundation
import Logging
import NIOPosix
import Synchronization

/// One libpq connection (`PGconn`). Every libpq call runs on the pool's blocking threads and holds a
/// lock, so the `PGconn` is never used by two threads at once even if a caller shares the object.
///
/// A connection is opened lazily when the pool leases it, and closed as soon as its session is found
/// broken (connection lost, server shutdown); the pool then reopens it on the next lease.
public final class Connection: @unchecked Sendable {
    let config: ConnectionConfig
    let threadPool: NIOThreadPool
    let logger: Logger
    private let noticeSink: NoticeSink
    /// Guards `handle` and is held for the whole of every libpq call.
    private let lock = NSLock()
    private var handle: OpaquePointer?
    /// Statements prepared in the open session; guarded by `lock` like `handle`.
    var statements = StatementCache()
    /// Kept apart from `lock`: cancelling must work while a query holds `lock`.
    private let cancellation = Mutex(CancelState())

    /// Settings the value codecs rely on (UTC timestamps in ISO style, hex bytea), whatever the server default.
    private static let sessionSetup = "SET TIME ZONE 'UTC'; SET DateStyle TO 'ISO, YMD'; SET bytea_output TO 'hex'"

    // The PGcancel pointer is only touched while the mutex is held.
    struct CancelState: @unchecked Sendable {
        /// `PGcancel*` of the open session.
        var cancel: OpaquePointer?
        var running: UInt64?
        /// An operation whose task was cancelled before it reached the blocking thread.
        var cancelledBeforeStart: UInt64?
        var lastOperation: UInt64 = 0
    }

    init(config: ConnectionConfig, threadPool: NIOThreadPool, logger: Logger) {
        self.config = config
        self.threadPool = threadPool
        self.logger = logger
        self.noticeSink = NoticeSink(logger: logger)
    }

    deinit {
        closeLocked()
    }

    /// Whether a session is open; asked by the pool only while it owns the connection.
    var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return handle != nil
    }

    /// Opens the session if there is none, or replaces an idle one the server has ended meanwhile.
    func prepareForUse() async throws {
        try await threadPool.runBlocking {
            self.lock.lock()
            defer { self.lock.unlock() }
            try self.ensureOpenLocked()
        }
    }

    /// Makes a returned connection safe for the next user: rolls back a transaction a failed body
    /// left open, and closes sessions stuck mid-command (e.g. an abandoned COPY).
    func resetForReuse() async {
        _ = try? await threadPool.runBlocking {
            self.lock.lock()
            defer { self.lock.unlock() }
            self.resetLocked()
        }
    }

    /// `prepareForUse`, `body` and `resetForReuse` in one trip to a blocking thread: a pooled
    /// statement or blocking transaction then costs one thread hand-off each way instead of three.
    /// Cancellation works as in `run`.
    func runSession<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let operation = cancellation.withLock { state -> UInt64 in
            state.lastOperation += 1
            return state.lastOperation
        }
        return try await withTaskCancellationHandler {
            try await threadPool.runBlocking {
                self.lock.lock()
                defer { self.lock.unlock() }
                try self.ensureOpenLocked()
                defer { self.resetLocked() }
                return try self.runHoldingLock(operation: operation, body)
            }
        } onCancel: {
            self.requestCancel(of: operation)
        }
    }

    /// Caller holds `lock`.
    private func ensureOpenLocked() throws {
        if let handle, Self.isAliveWhileIdle(handle) { return }
        if handle != nil {
            logger.debug("postgres session was closed by the server; reconnecting")
        }
        closeLocked()
        handle = try open()
    }

    /// Caller holds `lock`.
    private func resetLocked() {
        guard let handle else { return }
        let status = PQtransactionStatus(handle)
        if status == PQTRANS_IDLE { return }
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR {
            let result = PQexec(handle, "ROLLBACK")
            let rolledBack = result.map { PQresultStatus($0) == PGRES_COMMAND_OK } ?? false
            PQclear(result)
            if rolledBack && PQtransactionStatus(handle) == PQTRANS_IDLE { return }
        }
        closeLocked()
    }

    /// Ends the session (if any) on a blocking thread.
    func close() async {
        _ = try? await threadPool.runBlocking {
            self.lock.lock()
            defer { self.lock.unlock() }
            self.closeLocked()
        }
    }

    /// Runs `body` with the open `PGconn` on a blocking thread, holding the connection lock.
    ///
    /// When `cancellable`, cancelling the calling task sends a Postgres cancel request for this very
    /// operation (the statement then fails with 57014), and an already cancelled task starts nothing.
    /// Cleanup (ROLLBACK, leaving COPY) passes `false` so it runs even for cancelled tasks.
    func run<T: Sendable>(cancellable: Bool = true, _ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        guard cancellable else {
            return try await threadPool.runBlocking { try self.runLocked(operation: nil, body) }
        }
        try Task.checkCancellation()
        let operation = cancellation.withLock { state -> UInt64 in
            state.lastOperation += 1
            return state.lastOperation
        }
        return try await withTaskCancellationHandler {
            try await threadPool.runBlocking { try self.runLocked(operation: operation, body) }
        } onCancel: {
            self.requestCancel(of: operation)
        }
    }

    private func runLocked<T>(operation: UInt64?, _ body: (OpaquePointer) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try runHoldingLock(operation: operation, body)
    }

    /// Caller holds `lock`.
    private func runHoldingLock<T>(operation: UInt64?, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let handle else {
            throw StoreError(kind: .connectionFailure, message: "the database session was lost earlier in this use of the connection")
        }
        if let operation {
            let cancelled = cancellation.withLock { state -> Bool in
                if state.cancelledBeforeStart == operation { return true }
                state.running = operation
                return false
            }
            if cancelled { throw CancellationError() }
        }
        defer {
            if operation != nil { cancellation.withLock { $0.running = nil } }
        }
        do {
            return try body(handle)
        } catch {
            if (error as? StoreError)?.kind.endsSession == true || PQstatus(handle) != CONNECTION_OK {
                logger.debug("postgres session broken; closing it", metadata: ["error": "\(error)"])
                closeLocked()
            }
            throw error
        }
    }

    /// Runs one statement on this connection's open session, through its prepared-statement cache.
    /// The caller holds `lock` (it runs inside `run`/`runSession`) and passes the session's handle.
    func executeHoldingLock(_ sql: SQL, on handle: OpaquePointer) throws -> QueryResult {
        let text = sql.text
        switch statements.plan(for: text) {
        case .unnamed:
            return try Self.execute(sql, on: handle)
        case .prepare(let name):
            try Self.prepare(sql, as: name, on: handle)
            statements.prepared(text, as: name)
            return try Self.execute(sql, prepared: name, on: handle)
        case .prepared(let name):
            do {
                return try Self.execute(sql, prepared: name, on: handle)
            } catch let error as StoreError where error.isStalePreparedStatement {
                // The statement's result shape changed under it (DDL), or the session lost it:
                // forget it; outside a transaction the statement can simply run again.
                statements.forget(text)
                guard PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
                return try Self.execute(sql, on: handle)
            }
        }
    }

    private func requestCancel(of operation: UInt64) {
        let isRunning = cancellation.withLock { state -> Bool in
            if state.running == operation { return true }
            state.cancelledBeforeStart = operation
            return false
        }
        guard isRunning else { return }
        // PQcancel opens a socket to the server: blocking work, so it goes to the thread pool too.
        threadPool.submit { poolState in
            // A stopped pool runs work inline as `.cancelled`; nothing can be running then anyway.
            guard case .active = poolState else { return }
            self.cancellation.withLock { state in
                guard state.running == operation, let cancel = state.cancel else { return }
                var buffer = [CChar](repeating: 0, count: 256)
                _ = PQcancel(cancel, &buffer, Int32(buffer.count))
            }
        }
    }

    /// Caller holds `lock`.
    private func open() throws -> OpaquePointer {
        let parameters = config.parameters
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
        guard let connection else {
            throw StoreError(kind: .connectionFailure, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = LibpqResult.errorMessage(connection)
            PQfinish(connection)
            throw StoreError(kind: .connectionFailure, message: message)
        }
        noticeSink.install(on: connection)
        do {
            let result = try LibpqResult.check(
                PQexec(connection, Self.sessionSetup),
                connection: connection,
                expecting: [PGRES_COMMAND_OK]
            )
            PQclear(result)
        } catch {
            PQfinish(connection)
            throw error
        }
        // Handed into the mutex; the PGcancel handle is only used under it.
        nonisolated(unsafe) let cancel = PQgetCancel(connection)
        cancellation.withLock { $0.cancel = cancel }
        return connection
    }

    /// Caller holds `lock` (or is `deinit`).
    private func closeLocked() {
        cancellation.withLock { state in
            if let cancel = state.cancel { PQfreeCancel(cancel) }
            state.cancel = nil
        }
        if let handle { PQfinish(handle) }
        handle = nil
        statements.removeAll()
    }

    /// Detects, without blocking, that the server ended an idle session (restart, `pg_terminate_backend`).
    ///
    /// We never LISTEN, so an idle session receives nothing unless the server is ending it (it sends
    /// a FATAL error, then closes). Any pending input therefore means "reconnect"; waiting for libpq
    /// to see the EOF instead would race with the server's exit.
    private static func isAliveWhileIdle(_ handle: OpaquePointer) -> Bool {
        guard PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready == 0 { return true }
        if ready < 0 { return errno == EINTR }
        if PQconsumeInput(handle) != 0 {
            // Parses the input so the server's reason reaches the log through the notice processor.
            while let notify = PQnotifies(handle) { PQfreemem(notify) }
        }
        return false
    }
}
