import Foundation
import Logging
import ServiceLifecycle
import Store

/// Provisions the service's role and schema and applies migrations, retrying until Postgres answers.
struct DatabaseBootstrap: Service {
    let config: ServiceConfig
    let database: ServiceDatabase
    let serviceMigrations: [Migration]
    let logger: Logger
    var retryInterval: Duration = .seconds(2)
    /// nil: keep trying until shutdown (a service waits for its database); tests give up sooner.
    var maxAttempts: Int?

    func run() async throws {
        var attempt = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            attempt += 1
            do {
                try await bootstrap()
                await database.pool.warmUp(connections: config.poolWarm)
                database.markReady()
                logger.info("database ready: schema \(config.schema) migrated")
                return
            } catch {
                if let maxAttempts, attempt >= maxAttempts { throw error }
                logger.error("database unavailable (attempt \(attempt)): \(error) — retrying in \(retryInterval)")
                try? await Task.sleep(for: retryInterval)
            }
        }
    }

    private func bootstrap() async throws {
        if config.serviceDatabaseURL == nil {
            let admin = ConnectionPool(url: config.databaseURL, size: 1, logger: logger)
            defer { Task { await admin.close() } }
            try await RoleProvisioner.provision(
                adminPool: admin,
                schema: config.schema,
                role: config.databaseRole,
                password: config.databasePassword
            )
        }
        let platform = try Migration.load(directory: ServiceKitResources.platformMigrations)
        let appliedPlatform = try await Migrator(schema: config.schema, historyTable: "platform_migrations", logger: logger)
            .migrate(database.pool, platform)
        let applied = try await Migrator(schema: config.schema, logger: logger).migrate(database.pool, serviceMigrations)
        if !appliedPlatform.isEmpty || !applied.isEmpty {
            logger.info("applied migrations: platform \(appliedPlatform), \(config.name) \(applied)")
        }
    }
}
