import Foundation
import Logging
import ServiceLifecycle
import Store

/// Provisions the service's role and schema and applies migrations, retrying until Postgres answers.
///
/// Three modes, by configuration: with only the admin `DATABASE_URL`, it provisions the role (as
/// admin) and migrates (as the role) — `make run` and the tests; with `<SERVICE>_DATABASE_URL` (the
/// role's own connection, no provisioning rights), it applies nothing and waits until the schema
/// holds every migration the service ships; `applies: true` (`<service> migrate`) migrates in
/// either case, provisioning only without `<SERVICE>_DATABASE_URL`.
struct DatabaseBootstrap: Service {
    let config: ServiceConfig
    let database: ServiceDatabase
    let serviceMigrations: [Migration]
    let logger: Logger
    var retryInterval: Duration = .seconds(2)
    /// nil: keep trying until shutdown (a service waits for its database); tests give up sooner.
    var maxAttempts: Int?
    /// Whether this process applies migrations (nil: only without `<SERVICE>_DATABASE_URL`); when
    /// not, it waits for them (see the modes above).
    var applies: Bool? = nil

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
                let state = error is SchemaNotMigrated ? "waiting for migrations" : "database unavailable"
                logger.error("\(state) (attempt \(attempt)): \(error) — retrying in \(retryInterval)")
                try? await Task.sleep(for: retryInterval)
            }
        }
    }

    private func bootstrap() async throws {
        let platform = try Migration.load(directory: ServiceKitResources.platformMigrations)
        guard applies ?? (config.serviceDatabaseURL == nil) else {
            try await requireMigrated(platform: platform)
            return
        }
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
        let appliedPlatform = try await Migrator(schema: config.schema, historyTable: "platform_migrations", logger: logger)
            .migrate(database.pool, platform)
        let applied = try await Migrator(schema: config.schema, logger: logger).migrate(database.pool, serviceMigrations)
        if !appliedPlatform.isEmpty || !applied.isEmpty {
            logger.info("applied migrations: platform \(appliedPlatform), \(config.name) \(applied)")
        }
    }

    /// Throws `SchemaNotMigrated` (so `run` retries) until every shipped migration is recorded.
    private func requireMigrated(platform: [Migration]) async throws {
        let missingPlatform = try await Migrator(schema: config.schema, historyTable: "platform_migrations", logger: logger)
            .pending(database.pool, platform)
        let missing = try await Migrator(schema: config.schema, logger: logger).pending(database.pool, serviceMigrations)
        guard missingPlatform.isEmpty && missing.isEmpty else {
            throw SchemaNotMigrated(service: config.name, schema: config.schema, platform: missingPlatform, own: missing)
        }
    }
}
