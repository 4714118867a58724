import Bus
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Store

/// One running service: its config, database, router, event publisher and metrics, wired once.
public final class ServiceRuntime: Sendable {
    public let config: ServiceConfig
    public let definition: ServiceDefinition
    public let database: ServiceDatabase
    public let router: RPCRouter
    public let metrics: ServiceMetrics
    public let outbox: Outbox
    public let clock: any WallClock
    public let logger: Logger
    /// Set when graceful shutdown begins (`/readyz` then answers 503).
    public let drain = ServiceDrain()
    let server: RPCServer
    let publisher: Publisher
    let startedAt: ContinuousClock.Instant
    let instance: String

    public init(
        definition: ServiceDefinition,
        config: ServiceConfig,
        clock: any WallClock = SystemClock(),
        metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger
    ) throws {
        self.definition = definition
        self.config = config
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        metrics.recordBuild(service: config.name, version: config.version)
        let database = ServiceDatabase(config: config, logger: logger)
        self.database = database
        // Until the schema is migrated every call but Health would fail on missing tables: callers
        // are told to come back (UNAVAILABLE, `STARTING`): callers resend until their deadline.
        let name = config.name
        self.router = RPCRouter(logger: logger, observer: metrics) { method in
            method == PlatformMethods.health.name || database.isReady
                ? nil
                : RPCError(.unavailable, "\(name) is starting: its database is not migrated yet; retry", reason: RPCRouter.startingReason)
        }
        self.outbox = Outbox(schema: config.schema, source: config.name)
        self.server = try RPCServer(
            url: config.rpcURL,
            router: router,
            maxMessageSize: config.maxMessageBytes,
            maxConcurrent: config.maxConcurrentRequests,
            logger: logger
        )
        self.publisher = try Publisher(url: config.eventsURL, logger: logger)
        self.startedAt = .now
        self.instance = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        registerBuiltins()
        definition.register(self)
    }

    /// The long-running pieces, in start order, for a `ServiceGroup`. The group stops them in
    /// reverse order: the drain flag first (`/readyz` turns 503), the HTTP port last.
    public func services() throws -> [any Service] {
        let migrations = try definition.migrationsDirectory.map { try Migration.load(directory: $0) } ?? []
        let httpPort: [any Service] = try ServiceHTTPPort.configured(for: self).map { [$0] } ?? []
        return httpPort + [
            OneShotService(work: DatabaseBootstrap(config: config, database: database, serviceMigrations: migrations, logger: logger)),
            RPCServerService(server: server, logger: logger),
            OutboxRelay(outbox: outbox, database: database, publisher: publisher, logger: logger),
            pruner,
        ] + definition.background(self) + [drain]
    }

    /// The relay of this runtime (tests drive it directly).
    public var relay: OutboxRelay {
        OutboxRelay(outbox: outbox, database: database, publisher: publisher, logger: logger)
    }

    /// The outbox retention of this runtime (tests drive it directly).
    public var pruner: OutboxPruner {
        OutboxPruner(outbox: outbox, database: database, retention: .seconds(config.outboxRetentionHours * 3_600), clock: clock, logger: logger)
    }

    /// Seconds since start.
    var uptimeSeconds: Int64 { (ContinuousClock.now - startedAt).components.seconds }
}
