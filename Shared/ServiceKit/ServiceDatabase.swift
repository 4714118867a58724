import Foundation
import Logging
import Store
import Synchronization

/// The service's connection pool plus its readiness: role provisioned and migrations applied.
///
/// The pool exists from the start (it connects lazily), so the service can answer `Health`
/// while Postgres is down; `DatabaseBootstrap` flips `isReady` once migrations are in.
public final class ServiceDatabase: Sendable {
    public let pool: ConnectionPool
    public let schema: String
    private let ready = Atomic<Bool>(false)
    /// Last ping result and when it was taken (uptime milliseconds), so health probes don't each cost a query.
    private let lastPing = Mutex<(reachable: Bool, atMs: Int64)?>(nil)
    static let pingCacheMs: Int64 = 1000

    public init(config: ServiceConfig, logger: Logger) {
        self.schema = config.schema
        if let url = config.serviceDatabaseURL {
            pool = ConnectionPool(url: url, size: config.poolSize, logger: logger)
        } else {
            pool = ConnectionPool(
                url: config.databaseURL,
                size: config.poolSize,
                logger: logger,
                user: config.databaseRole,
                password: config.databasePassword
            )
        }
    }

    /// True once the schema is migrated; stays true across later outages (the pool reconnects).
    public var isReady: Bool { ready.load(ordering: .acquiring) }

    func markReady() { ready.store(true, ordering: .releasing) }

    /// Returns once the schema is migrated (polling every 100 ms); throws `CancellationError` when cancelled.
    public func waitUntilReady() async throws {
        while !isReady {
            try Task.checkCancellation()
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Migrated and answering (checked at most once a second; probes poll this often).
    public func isReachable() async -> Bool {
        guard isReady else { return false }
        let now = Int64(ProcessInfo.processInfo.systemUptime * 1000)
        if let cached = lastPing.withLock({ $0 }), now - cached.atMs < Self.pingCacheMs { return cached.reachable }
        let reachable = await pool.ping()
        lastPing.withLock { $0 = (reachable, now) }
        return reachable
    }
}
