import Logging
import Store

extension ServiceMain {
    /// `<service> migrate`: provisions the service's role and schema with the admin `DATABASE_URL`
    /// (unless `<SERVICE>_DATABASE_URL` is set) and applies its migrations, then returns — what a
    /// Kubernetes Job or init step runs so the service itself can run with only its role's URL.
    /// Retries while Postgres does not answer, `maxAttempts` times `retryInterval` apart.
    public static func migrate(
        _ definition: ServiceDefinition,
        config: ServiceConfig,
        logger: Logger,
        retryInterval: Duration = .seconds(2),
        maxAttempts: Int = 60
    ) async throws {
        let migrations = try definition.migrationsDirectory.map { try Migration.load(directory: $0) } ?? []
        var poolConfig = config
        poolConfig.poolSize = 1
        poolConfig.poolWarm = 0
        let database = ServiceDatabase(config: poolConfig, logger: logger)
        do {
            try await DatabaseBootstrap(
                config: poolConfig,
                database: database,
                serviceMigrations: migrations,
                logger: logger,
                retryInterval: retryInterval,
                maxAttempts: maxAttempts,
                applies: true
            ).run()
            // `run` also returns when cancelled, without migrating.
            guard database.isReady else { throw CancellationError() }
        } catch {
            await database.pool.close()
            throw error
        }
        await database.pool.close()
    }
}
