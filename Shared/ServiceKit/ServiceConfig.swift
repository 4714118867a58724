import Foundation
import Logging

/// Everything a service executable reads from its environment.
public struct ServiceConfig: Sendable {
    public var name: String
    /// Postgres schema the service owns (`code_inventory`).
    public var schema: String
    /// Where this process binds its RPC socket (`<SERVICE>_RPC_BIND`, else `<SERVICE>_RPC_URL`).
    public var rpcURL: String
    /// Where this process binds its event socket (`<SERVICE>_EVENTS_BIND`, else `<SERVICE>_EVENTS_URL`).
    public var eventsURL: String
    /// `host:port` of the probe and metrics port (`/healthz`, `/readyz`, `/metrics`), or `off`.
    public var httpAddress: String
    /// Admin connection used only to create the service's role and schema.
    public var databaseURL: String
    /// When set, the service connects with it directly and skips role provisioning.
    public var serviceDatabaseURL: String?
    public var databaseRole: String
    public var databasePassword: String
    public var poolSize: Int
    /// Connections opened at start-up, before the service reports ready (the rest open on first use).
    public var poolWarm: Int
    public var maxMessageBytes: Int
    public var maxConcurrentRequests: Int
    public var logLevel: Logger.Level
    public var version: String
    /// How long published events stay in the outbox for `EventsSince` catch-ups (hours).
    public var outboxRetentionHours: Int

    public static let defaultDatabaseURL = "postgresql://postgres@127.0.0.1:55432/postgres"

    public init(name: String, environment env: ServiceEnvironment = ServiceEnvironment()) {
        let prefix = ServiceEndpoints.envPrefix(name)
        self.name = name
        self.schema = name.replacingOccurrences(of: "-", with: "_")
        self.rpcURL = ServiceEndpoints.rpcBindURL(name, env)
        self.eventsURL = ServiceEndpoints.eventsBindURL(name, env)
        self.httpAddress = ServiceEndpoints.httpAddress(name, env)
        self.databaseURL = env.string("DATABASE_URL", default: Self.defaultDatabaseURL)
        self.serviceDatabaseURL = env.optional("\(prefix)_DATABASE_URL")
        self.databaseRole = env.string("\(prefix)_DB_ROLE", default: "svc_\(schema)")
        self.databasePassword = env.string("\(prefix)_DB_PASSWORD", default: "\(schema)-local-only")
        self.poolSize = max(1, env.int("DB_POOL_SIZE", default: 10))
        self.poolWarm = min(poolSize, max(0, env.int("DB_POOL_WARM", default: 2)))
        self.maxMessageBytes = max(64 << 10, env.int("RPC_MAX_MESSAGE_BYTES", default: 4 << 20))
        self.maxConcurrentRequests = max(1, env.int("RPC_MAX_CONCURRENT", default: 64))
        self.logLevel = Logger.Level(rawValue: env.string("LOG_LEVEL", default: "info").lowercased()) ?? .info
        self.version = env.string("SERVICE_VERSION", default: "0.1.0")
        self.outboxRetentionHours = max(1, env.int("OUTBOX_RETENTION_HOURS", default: 168))
    }
}
