import Bus
import Foundation
import Logging
import ServiceKit

/// The markets service: its migrations, methods and jobs.
public enum MarketsService {
    public static let name = "markets"

    /// The service as `main.swift` runs it.
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (tests use their own schema) with `settings` (default: the environment).
    ///
    /// The catalog's market source defaults to `POLYMARKET_API_URL` (the bundled fixture when empty);
    /// `resolver` settles markets the source resolves (default: the betting part's settlement).
    /// `promoRedeemer` defaults to code-inventory
    /// over the bus (`CODE_INVENTORY_RPC_URL`); `notifications` defaults to the log.
    public static func makeDefinition(
        name: String = name,
        environment: ServiceEnvironment = ServiceEnvironment(),
        settings: MarketsSettings? = nil,
        catalogSettings: CatalogSettings? = nil,
        source: (any MarketSource)? = nil,
        resolver: MarketResolverFactory? = nil,
        promoRedeemer: (any PromoRedeemer)? = nil,
        notifications: (any NotificationSender)? = nil
    ) -> ServiceDefinition {
        let settings = settings ?? MarketsSettings(environment: environment)
        let catalogSettings = catalogSettings ?? CatalogSettings(environment: environment)
        let schema = ServiceConfig(name: name, environment: environment).schema
        let topics = BettingTopics(service: name)
        // Markets the source resolves are settled exactly as an admin's ResolveMarket would; one an
        // admin resolved otherwise meanwhile keeps the admin's resolution.
        let settle: MarketResolverFactory =
            resolver ?? { pool, clock in
                { marketId, resolution in
                    do {
                        _ = try await SettlementStore(pool: pool, outbox: Outbox(schema: schema, source: name), topics: topics)
                            .resolve(
                                marketId: marketId,
                                outcome: resolution.outcome,
                                probabilityMicros: resolution.probabilityMicros ?? 0,
                                now: clock.now()
                            )
                    } catch BettingError.alreadyResolved {
                    }
                }
            }
        let catalog = MarketCatalog(
            source: source ?? MarketCatalog.defaultSource(settings, catalogSettings),
            requestsPerMinute: settings.polymarketRequestsPerMinute,
            settings: catalogSettings,
            resolver: settle
        )
        // How long a leaderboard reply may be served again (0: computed for every read).
        let leaderboardCacheMs = max(0, environment.int("LEADERBOARD_CACHE_MS", default: 1000))
        var logger = Logger(label: name)
        logger[metadataKey: "service"] = "\(name)"
        let sender = notifications ?? LoggingNotificationSender(logger: logger)
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [
                MarketsIngestJob.make(catalog: catalog), LeaderboardRefreshJob.make(), TierExpirationJob.make(), GlobalOverrideCheckJob.make(),
                TrialReminderJob.make(sender: sender), DisciplineStatsRollupJob.make(),
            ],
            register: { runtime in
                let pool = runtime.database.pool
                let tiers = TierStore(pool: pool)
                let redeemer =
                    promoRedeemer
                    ?? BusPromoRedeemer(url: ServiceEndpoints.rpcURL("code-inventory", environment), logger: runtime.logger)
                TierHandlers(tiers: tiers, redeemer: redeemer, clock: runtime.clock).register(on: runtime)
                let issuer = TokenIssuer(secret: settings.jwtSecret, accessSeconds: settings.accessTokenSeconds)
                AccountHandlers(
                    accounts: AccountStore(pool: pool),
                    tiers: tiers,
                    tokens: RefreshTokenStore(pool: pool, lifetimeDays: settings.refreshTokenDays),
                    issuer: issuer,
                    hasher: PasswordHasher(rounds: settings.passwordIterations),
                    oauth: UnconfiguredOAuthProvider(name: "X"),
                    settings: settings,
                    clock: runtime.clock
                )
                .register(on: runtime)
                EconomyHandlers(
                    rewards: DailyRewardStore(pool: pool),
                    referrals: ReferralStore(pool: pool),
                    purchases: PurchaseStore(pool: pool),
                    stocks: StockStore(pool: pool),
                    payments: ManualPaymentProvider(),
                    clock: runtime.clock
                )
                .register(on: runtime)
                let markets = MarketStore(pool: pool)
                MarketHandlers(
                    store: markets,
                    live: LiveOddsService(
                        store: markets,
                        source: catalog.guarded(clock: runtime.clock),
                        cache: catalog.odds,
                        clock: runtime.clock
                    ),
                    clock: runtime.clock
                )
                .register(on: runtime)
                SourceHandlers(catalog: catalog, runtime: runtime).register()
                DisciplineHandlers(store: DisciplineStore(pool: pool), clock: runtime.clock).register(on: runtime)
                BettingHandlers(
                    bets: BetStore(pool: pool, outbox: runtime.outbox, topics: topics),
                    settlements: SettlementStore(pool: pool, outbox: runtime.outbox, topics: topics),
                    history: TransactionHistoryStore(pool: pool),
                    clock: runtime.clock
                )
                .register(on: runtime)
                LeaderboardHandlers(
                    leaderboards: LeaderboardStore(pool: pool),
                    cache: LeaderboardCache(ttl: .milliseconds(leaderboardCacheMs)),
                    clock: runtime.clock
                )
                .register(on: runtime)
            }
        )
    }
}
