import Foundation
import Logging
import ServiceKit
import Store

/// The scheduler service: the schedule (migrated and seeded), the admin methods, the
/// retention job and the ticker that dispatches due jobs to their services.
public enum SchedulerService {
    public static let name = "scheduler"

    /// The service as `main.swift` runs it.
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (its schema is derived from it; tests use their own), with the
    /// settings and target endpoints of `environment`. `ticker: false` leaves the ticker out
    /// (tests build replicas with `engine(pool:…)` and drive `tick(now:)`).
    public static func makeDefinition(
        name: String = name,
        environment: ServiceEnvironment = ServiceEnvironment(),
        ticker: Bool = true
    ) -> ServiceDefinition {
        let schema = ServiceConfig(name: name, environment: environment).schema
        let settings = SchedulerSettings(environment: environment)
        let alertTopic = "\(name).alert"
        let engines = EngineRegistry()
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [RetentionJob.make(settings: settings, outbox: Outbox(schema: schema, source: name), alertTopic: alertTopic)],
            register: { runtime in
                let engine = SchedulerEngine(
                    pool: runtime.database.pool,
                    outbox: runtime.outbox,
                    alertTopic: alertTopic,
                    environment: environment,
                    settings: settings,
                    clock: runtime.clock,
                    metrics: runtime.metrics,
                    logger: runtime.logger
                )
                engines.set(engine, for: runtime)
                SchedulerHandlers(engine: engine).register(on: runtime)
            },
            background: { runtime in
                guard ticker, settings.tickerEnabled, let engine = engines.engine(for: runtime) else { return [] }
                return [SchedulerTicker(engine: engine, database: runtime.database, logger: runtime.logger)]
            }
        )
    }

    /// A replica's engine on its own connection pool (another "process" on the same schema).
    public static func engine(
        pool: ConnectionPool,
        name: String = name,
        environment: ServiceEnvironment,
        clock: any WallClock,
        logger: Logger
    ) -> SchedulerEngine {
        let schema = ServiceConfig(name: name, environment: environment).schema
        return SchedulerEngine(
            pool: pool,
            outbox: Outbox(schema: schema, source: name),
            alertTopic: "\(name).alert",
            environment: environment,
            settings: SchedulerSettings(environment: environment),
            clock: clock,
            logger: logger
        )
    }
}
