import Bus
import Contracts
import Foundation
import Logging
import ProtoBridge
import Store

/// A service run inside the calling process (tests, tools): schema and role provisioned and
/// migrated, RPC server started on its endpoint, and a client to call it — what `ServiceMain`
/// does, minus the signal handling and the outbox relay.
public struct InProcessService: Sendable {
    public let runtime: ServiceRuntime
    public let client: RPCClient

    public var name: String { runtime.config.name }
    public var rpcURL: String { runtime.config.rpcURL }

    /// The environment of a throwaway service `name`: ipc endpoints of its own, `databaseURL`,
    /// `poolSize` connections, plus `extra`.
    public static func environment(name: String, databaseURL: String, poolSize: Int = 8, extra: [String: String] = [:]) -> ServiceEnvironment {
        let prefix = ServiceEndpoints.envPrefix(name)
        var values = [
            "DATABASE_URL": databaseURL,
            "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            // Many services share a test process: none opens the probe port unless a test asks.
            "\(prefix)_HTTP_ADDRESS": ServiceEndpoints.off,
            "DB_POOL_SIZE": String(poolSize),
        ]
        values.merge(extra) { _, new in new }
        return ServiceEnvironment(values)
    }

    /// Builds the runtime of `definition`, prepares its database and starts serving; `logger`
    /// replaces the default one (tests capture what a service logs).
    public static func start(
        definition: ServiceDefinition,
        environment: ServiceEnvironment,
        clock: any WallClock,
        logLevel: Logger.Level = .warning,
        logger custom: Logger? = nil
    ) async throws -> InProcessService {
        let config = ServiceConfig(name: definition.name, environment: environment)
        var logger = custom ?? Logger(label: definition.name)
        if custom == nil { logger.logLevel = logLevel }
        let runtime = try ServiceRuntime(definition: definition, config: config, clock: clock, logger: logger)
        let migrations = try definition.migrationsDirectory.map { try Migration.load(directory: $0) } ?? []
        var bootstrap = DatabaseBootstrap(config: config, database: runtime.database, serviceMigrations: migrations, logger: logger)
        // A test with no database fails within seconds, naming it, rather than waiting forever.
        bootstrap.maxAttempts = 5
        try await bootstrap.run()
        runtime.server.start()
        return InProcessService(runtime: runtime, client: try RPCClient(service: config.name, urls: [config.rpcURL], logger: logger))
    }

    /// Stops serving and closes the database; `dropSchema` removes the service's schema (throwaway services).
    public func stop(dropSchema: Bool) async {
        client.close()
        await runtime.server.stop()
        runtime.publisher.close()
        if dropSchema {
            _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        }
        await runtime.database.pool.close()
    }

    /// A typed call; a non-OK reply throws `RPCError`.
    public func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        principal: Principal,
        key: String = ""
    ) async throws -> Response {
        try await client.call(
            method,
            request,
            as: Response.self,
            options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60))
        )
    }

    /// The raw reply (status, message, violations, reason).
    public func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal, key: String = "") async throws -> Reply {
        await client.callRaw(
            method,
            body: try request.serializedBytes(),
            options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60))
        )
    }
}
