import Foundation
import ServiceKit

/// The loyalty service: its migrations, methods and jobs.
public enum LoyaltyService {
    public static let name = "loyalty"

    /// The service as `main.swift` runs it.
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (tests use their own, and so their own schema) with `settings`
    /// (default: from the environment).
    public static func makeDefinition(
        name: String = name,
        environment: ServiceEnvironment = ServiceEnvironment(),
        settings: LoyaltySettings? = nil
    ) -> ServiceDefinition {
        let schema = ServiceConfig(name: name, environment: environment).schema
        let outbox = Outbox(schema: schema, source: name)
        let topics = EventTopics(service: name)
        let settings = settings ?? LoyaltySettings(environment: environment)
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [
                ExpirePointsJob.make(outbox: outbox, topics: topics),
                CleanupTransactionsJob.make(settings: settings),
                ExpirePendingDiscountsJob.make(outbox: outbox, topics: topics, settings: settings),
            ],
            register: { runtime in
                let pool = runtime.database.pool
                let clock = runtime.clock
                let stores = StoreDirectory(pool: pool)
                let customers = CustomerStore(pool: pool)
                let access = Access(stores: stores, customers: customers)
                CustomerHandlers(customers: customers, access: access, clock: clock).register(on: runtime)
                CashierHandlers(
                    operations: CashierOperations(pool: pool, outbox: runtime.outbox, topics: topics, settings: settings),
                    history: CashierHistoryStore(pool: pool),
                    access: access,
                    clock: clock
                )
                .register(on: runtime)
                TillHandlers(
                    prechecks: PrecheckStore(pool: pool, settings: settings),
                    discounts: DiscountStore(pool: pool, outbox: runtime.outbox, topics: topics, settings: settings),
                    access: access,
                    clock: clock
                )
                .register(on: runtime)
                StoreAdminHandlers(
                    stores: stores,
                    keys: StoreKeyRotation(pool: pool, outbox: runtime.outbox, topics: topics),
                    access: access,
                    clock: clock
                )
                .register(on: runtime)
            }
        )
    }
}
