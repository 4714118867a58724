import Foundation
import ServiceKit

/// The code-inventory service: its migrations, methods and jobs.
public enum CodeInventoryService {
    public static let name = "code-inventory"

    /// The service as `main.swift` runs it (object store from `OBJECT_STORE_DIR`).
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (its schema is derived from it; tests use their own), reading
    /// import files from `objectStore` (default: the directory `OBJECT_STORE_DIR`, `.data/objects`).
    public static func makeDefinition(
        name: String = name,
        environment: ServiceEnvironment = ServiceEnvironment(),
        objectStore: (any ObjectStore)? = nil
    ) -> ServiceDefinition {
        let schema = ServiceConfig(name: name, environment: environment).schema
        let outbox = Outbox(schema: schema, source: name)
        let topics = EventTopics(service: name)
        let objects =
            objectStore ?? LocalObjectStore(directory: URL(fileURLWithPath: environment.string("OBJECT_STORE_DIR", default: ".data/objects")))
        let staleAfter = TimeInterval(max(1, environment.int("CODE_UPLOAD_STALE_SECONDS", default: 900)))
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [ReleaseExpiredReservationsJob.make(outbox: outbox, topics: topics), PromoCleanupJob.make(outbox: outbox, topics: topics)],
            register: { runtime in
                let pool = runtime.database.pool
                CampaignCodeHandlers(store: CampaignCodeStore(pool: pool, outbox: runtime.outbox, topics: topics), clock: runtime.clock)
                    .register(on: runtime)
                CodeImportHandlers(
                    store: CodeImportStore(pool: pool, outbox: runtime.outbox, topics: topics, logger: runtime.logger),
                    objects: objects,
                    clock: runtime.clock,
                    maxMessageBytes: runtime.config.maxMessageBytes
                )
                .register(on: runtime)
                PromoHandlers(store: PromoCodeStore(pool: pool, outbox: runtime.outbox, topics: topics), clock: runtime.clock)
                    .register(on: runtime)
            },
            background: { runtime in
                let store = CodeImportStore(pool: runtime.database.pool, outbox: runtime.outbox, topics: topics, logger: runtime.logger)
                return [
                    StaleUploadSweeper(
                        store: store,
                        database: runtime.database,
                        clock: runtime.clock,
                        staleAfter: staleAfter,
                        logger: runtime.logger
                    )
                ]
            }
        )
    }
}
