import Foundation
import ServiceKit

/// The markets service: its migrations, methods and jobs.
public enum MarketsService {
    public static let name = "markets"

    /// The service as `main.swift` runs it.
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (tests use their own schema) with `settings` (default: the environment).
    ///
    /// The catalog's market source defaults to `POLYMARKET_API_URL` (the bundled fixture when empty);
    /// `resolver` settles markets the source resolves, by default `MarkResolvedOnly` (marks them
    /// resolved, pays nothing), to be replaced by the betting part's resolution.
    public static func makeDefinition(name: String = name, environment: ServiceEnvironment = ServiceEnvironment(),
                                      settings: MarketsSettings? = nil, catalogSettings: CatalogSettings? = nil,
                                      source: (any MarketSource)? = nil,
                                      resolver: @escaping MarketResolverFactory = MarkResolvedOnly.factory) -> ServiceDefinition {
        let settings = settings ?? MarketsSettings(environment: environment)
        let catalogSettings = catalogSettings ?? CatalogSettings(environment: environment)
        let catalog = MarketCatalog(source: source ?? MarketCatalog.defaultSource(settings, catalogSettings),
                                    requestsPerMinute: settings.polymarketRequestsPerMinute, settings: catalogSettings, resolver: resolver)
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [MarketsIngestJob.make(catalog: catalog)],
            register: { runtime in
                let pool = runtime.database.pool
                let issuer = TokenIssuer(secret: settings.jwtSecret, accessSeconds: settings.accessTokenSeconds)
                AccountHandlers(accounts: AccountStore(pool: pool), tokens: RefreshTokenStore(pool: pool, lifetimeDays: settings.refreshTokenDays),
                                issuer: issuer, hasher: PasswordHasher(rounds: settings.passwordIterations),
                                oauth: UnconfiguredOAuthProvider(name: "X"), settings: settings, clock: runtime.clock)
                    .register(on: runtime)
                let markets = MarketStore(pool: pool)
                MarketHandlers(store: markets, live: LiveOddsService(store: markets, source: catalog.guarded(clock: runtime.clock),
                                                                     cache: catalog.odds, clock: runtime.clock),
                               clock: runtime.clock)
                    .register(on: runtime)
                SourceHandlers(catalog: catalog, runtime: runtime).register()
            })
    }
}
