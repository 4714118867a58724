import Foundation
import ServiceKit
import ServiceLifecycle

/// The claimer service: its migrations, methods and the claim workers.
public enum ClaimerService {
    public static let name = "claimer"

    /// The service as `main.swift` runs it; throws when no encryption key is configured.
    public static func definition(environment: ServiceEnvironment = ServiceEnvironment()) throws -> ServiceDefinition {
        try makeDefinition(environment: environment)
    }

    /// The service under `name` (its schema is derived from it; tests use their own), claiming on
    /// `platform` (default: the mock or HTTP platform `STAKE_MOCK_API` picks) and fetching active
    /// promo codes from `promoCodes` (default: code-inventory over the bus). New promo codes are
    /// announced by the service `codeInventory` (its events and RPC endpoints by that name).
    public static func makeDefinition(
        name: String = name,
        environment: ServiceEnvironment = ServiceEnvironment(),
        platform: (any PromoPlatform)? = nil,
        promoCodes: ActivePromoCodes? = nil,
        codeInventory: String = "code-inventory"
    ) throws -> ServiceDefinition {
        let ring = try KeyRing.fromEnvironment(environment.values)
        let settings = ClaimerSettings(environment: environment)
        let platform =
            platform
            ?? (settings.mockPlatform
                ? MockPromoPlatform(slowDelay: settings.mockSlowDelay) as any PromoPlatform
                : HTTPPromoPlatform(baseURL: settings.platformURL, timeout: settings.jobTimeout))
        let topics = EventTopics(service: name)
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            register: { runtime in
                let queue = ClaimQueue(pool: runtime.database.pool, outbox: runtime.outbox, topics: topics)
                let promo = promoCodes ?? .bus(url: ServiceEndpoints.rpcURL("code-inventory", environment), logger: runtime.logger)
                ClaimHandlers(queue: queue, ring: ring, promoCodes: promo, keyDeletionWait: settings.lease).register(on: runtime)
            },
            background: { runtime in
                let queue = ClaimQueue(pool: runtime.database.pool, outbox: runtime.outbox, topics: topics)
                let worker = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
                var services: [any Service] = []
                if settings.autoEnqueue {
                    do {
                        services.append(
                            try PromoCodeEvents.consumer(
                                publisher: codeInventory,
                                queue: queue,
                                database: runtime.database,
                                eventsURLs: PromoCodeEvents.urls(ServiceEndpoints.eventsURL(codeInventory, environment)),
                                rpcURLs: PromoCodeEvents.urls(ServiceEndpoints.rpcURL(codeInventory, environment)),
                                catchUpInterval: settings.eventsCatchUpInterval,
                                logger: runtime.logger
                            )
                        )
                    } catch {
                        runtime.logger.error("code-inventory's promo events cannot be consumed (no automatic claims): \(error)")
                    }
                }
                return services + [
                    ClaimWorker(
                        queue: queue,
                        executor: ClaimExecutor(platform: platform, ring: ring, timeout: settings.jobTimeout),
                        settings: settings,
                        database: runtime.database,
                        name: worker,
                        logger: runtime.logger,
                        metrics: runtime.metrics
                    )
                ]
            }
        )
    }
}
