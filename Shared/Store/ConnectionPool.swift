import Logging
import NIOPosix
import Synchronization

/// A pool of libpq connections; blocking libpq calls run on an NIOThreadPool, never on Swift's cooperative threads.
///
/// Connections open lazily on first use and are reopened after the database went away, so a pool
/// created while Postgres is down starts working once it is back; meanwhile calls fail fast with
/// `.connectionFailure`. When all connections are busy, callers wait in FIFO order without blocking a thread.
public final class ConnectionPool: Sendable {
    /// Maximum number of connections.
    public let size: Int
    let logger: Logger
    private let threadPool: NIOThreadPool
    private let state: Mutex<PoolState>

    /// - Parameters:
    ///   - url: a `postgresql://` URL or libpq `key=value` string.
    ///   - user, password: override the URL's (so the URL can stay free of per-service credentials).
    public init(url: String, size: Int = 10, logger: Logger, user: String? = nil, password: String? = nil) {
        precondition(size > 0, "pool size must be positive")
        self.size = size
        self.logger = logger
        // One thread per connection so every leased connection can block at once, plus one for
        // cancel requests and cleanup that must not queue behind long queries.
        let threadPool = NIOThreadPool(numberOfThreads: size + 1)
        threadPool.start()
        self.threadPool = threadPool
        let config = ConnectionConfig(url: url, user: user, password: password)
        let connections = (0..<size).map { _ in Connection(config: config, threadPool: threadPool, logger: logger) }
        state = Mutex(PoolState(connections: connections))
    }

    deinit {
        // A pool dropped without close(): its connections end their sessions in their own deinit.
        let closed = state.withLock { $0.isClosed }
        if !closed { threadPool.shutdownGracefully { _ in } }
    }

    /// Runs one statement in autocommit mode (inside `withAmbientTransaction` on this pool: in
    /// the enclosing transaction).
    ///
    /// A read (`SELECT …`) whose connection turns out lost is run once more on a fresh one: it
    /// changed nothing, wherever it got. A write is not, since it may have been applied.
    public func query(_ sql: SQL) async throws -> QueryResult {
        if let ambient = AmbientTransaction.joined(by: self) { return try await ambient.transaction.query(sql) }
        logger.debug("sql", metadata: ["sql": "\(sql)"])
        try Connection.validate(sql)
        do {
            return try await withSession { connection, handle in try connection.executeHoldingLock(sql, on: handle) }
        } catch let error as StoreError where error.isConnectionLoss && sql.isPlainRead {
            logger.debug("connection lost under a read; running it again", metadata: ["error": "\(error)"])
            return try await withSession { connection, handle in try connection.executeHoldingLock(sql, on: handle) }
        }
    }

    /// Runs one statement in autocommit mode and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await query(sql).affectedRows
    }

    /// Leases a connection for `body`; it goes back to the pool afterwards, with any transaction the
    /// body left open rolled back.
    public func withConnection<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            try await connection.prepareForUse()
        } catch {
            await release(connection)
            throw error
        }
        let result: T
        do {
            result = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Leases a connection and runs `body` on it in one trip to a blocking thread, together with
    /// opening the session when needed and cleaning it afterwards (see `Connection.runSession`).
    func withSession<T: Sendable>(_ body: @escaping @Sendable (Connection, OpaquePointer) throws -> T) async throws -> T {
        let connection = try await lease()
        let result: T
        do {
            result = try await connection.runSession { handle in try body(connection, handle) }
        } catch {
            await release(connection, reset: false)
            throw error
        }
        await release(connection, reset: false)
        return result
    }

    /// `withSession` for bodies that need only the handle.
    func withSession<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await withSession { _, handle in try body(handle) }
    }

    /// True when `SELECT 1` succeeds.
    public func ping() async -> Bool {
        do {
            _ = try await query("SELECT 1")
            return true
        } catch {
            return false
        }
    }

    public var stats: PoolStats {
        state.withLock { state in
            PoolStats(size: size, inUse: state.inUse, idle: state.idleOpen.count, waiting: state.waiters.count)
        }
    }

    /// Stops the pool: waiting and later callers get `.poolClosed`, statements already running finish
    /// (this waits for their connections to come back), then every session ends.
    public func close() async {
        let (waiters, idle, mustWait, isFirstClose) = state.withLock { state in
            let isFirstClose = !state.isClosed
            state.isClosed = true
            let waiters = state.waiters
            state.waiters = []
            let idle = state.idleOpen + state.idleClosed
            state.idleOpen = []
            state.idleClosed = []
            return (waiters, idle, state.inUse > 0, isFirstClose)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: StoreError(kind: .poolClosed, message: "connection pool is closed"))
        }
        for connection in idle {
            await connection.close()
        }
        if mustWait {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let drained = state.withLock { state -> Bool in
                    if state.inUse == 0 { return true }
                    state.drainWaiters.append(continuation)
                    return false
                }
                if drained { continuation.resume() }
            }
        }
        if isFirstClose {
            try? await threadPool.shutdownGracefully()
        }
    }

    /// Leases up to `count` idle connections that have no session yet (for `warmUp`).
    func takeUnopened(_ count: Int) -> [Connection] {
        state.withLock { state in
            guard !state.isClosed else { return [] }
            let taken = Array(state.idleClosed.suffix(count))
            state.idleClosed.removeLast(taken.count)
            state.inUse += taken.count
            return taken
        }
    }

    /// Returns a connection `takeUnopened` leased (no reset: it ran nothing).
    func giveBack(_ connection: Connection) async {
        await release(connection, reset: false)
    }

    /// A free connection, or a place in the FIFO queue until one is released.
    private func lease() async throws -> Connection {
        enum Decision {
            case leased(Connection)
            case closed
            case wait
        }
        let immediate = state.withLock { state -> Decision in
            if state.isClosed { return .closed }
            guard state.waiters.isEmpty, let connection = state.takeIdle() else { return .wait }
            state.inUse += 1
            return .leased(connection)
        }
        switch immediate {
        case .leased(let connection): return connection
        case .closed: throw StoreError(kind: .poolClosed, message: "connection pool is closed")
        case .wait: break
        }

        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Connection, Error>) in
                enum Outcome {
                    case leased(Connection)
                    case failed(any Error)
                    case queued
                }
                let outcome = state.withLock { state -> Outcome in
                    if state.isClosed {
                        return .failed(StoreError(kind: .poolClosed, message: "connection pool is closed"))
                    }
                    if Task.isCancelled { return .failed(CancellationError()) }
                    // A connection may have come back between the first check and now.
                    if state.waiters.isEmpty, let connection = state.takeIdle() {
                        state.inUse += 1
                        return .leased(connection)
                    }
                    state.waiters.append(PoolState.Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch outcome {
                case .leased(let connection): continuation.resume(returning: connection)
                case .failed(let error): continuation.resume(throwing: error)
                case .queued: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.removeWaiter(id: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Cleans a connection after use (unless the caller's session did) and hands it to the oldest
    /// waiter, or back to the idle lists.
    private func release(_ connection: Connection, reset: Bool = true) async {
        if reset { await connection.resetForReuse() }
        let isOpen = connection.isOpen
        enum Next {
            case handOver(PoolState.Waiter)
            case pooled
            case closeIt([CheckedContinuation<Void, Never>])
        }
        let next = state.withLock { state -> Next in
            if state.isClosed {
                state.inUse -= 1
                let drained = state.inUse == 0 ? state.drainWaiters : []
                if state.inUse == 0 { state.drainWaiters = [] }
                return .closeIt(drained)
            }
            if !state.waiters.isEmpty {
                return .handOver(state.waiters.removeFirst())
            }
            state.inUse -= 1
            if isOpen { state.idleOpen.append(connection) } else { state.idleClosed.append(connection) }
            return .pooled
        }
        switch next {
        case .handOver(let waiter):
            waiter.continuation.resume(returning: connection)
        case .pooled:
            break
        case .closeIt(let drainWaiters):
            await connection.close()
            drainWaiters.forEach { $0.resume() }
        }
    }
}
