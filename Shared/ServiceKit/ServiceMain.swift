import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Entry point of every service executable: read config, wire, run until SIGTERM/SIGINT.
///
/// `<service> migrate` instead provisions and migrates the service's schema and exits (0 when done).
public enum ServiceMain {
    public static func run(_ definition: ServiceDefinition, arguments: [String] = CommandLine.arguments) async {
        let config = ServiceConfig(name: definition.name)
        bootstrapLogging(level: config.logLevel)
        var logger = Logger(label: definition.name)
        logger.logLevel = config.logLevel
        if arguments.dropFirst().first == "migrate" {
            do {
                try await migrate(definition, config: config, logger: logger)
                logger.info("\(definition.name): schema \(config.schema) provisioned and migrated")
                exit(0)
            } catch {
                logger.critical("\(definition.name) migrate failed: \(error)")
                exit(1)
            }
        }
        let metrics = ServiceMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        do {
            let runtime = try ServiceRuntime(definition: definition, config: config, metrics: metrics, logger: logger)
            logger.info("\(definition.name) \(config.version) starting: rpc \(config.rpcURL), events \(config.eventsURL), schema \(config.schema)")
            let group = ServiceGroup(
                configuration: .init(
                    services: try runtime.services().map { .init(service: $0, successTerminationBehavior: .ignore) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
            logger.info("\(definition.name) stopped")
        } catch {
            logger.critical("\(definition.name) failed: \(error)")
            exit(1)
        }
    }

    /// Log lines to stderr at the configured level, once per process.
    public static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level) }
    }
}
