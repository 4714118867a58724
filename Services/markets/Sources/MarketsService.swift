import Foundation
import ServiceKit

/// The markets service: its migrations, methods and jobs.
public enum MarketsService {
    public static let name = "markets"

    /// The service as `main.swift` runs it.
    public static var definition: ServiceDefinition { makeDefinition() }

    /// The service under `name` (tests use their own schema) with `settings` (default: the environment).
    public static func makeDefinition(name: String = name, environment: ServiceEnvironment = ServiceEnvironment(),
                                      settings: MarketsSettings? = nil) -> ServiceDefinition {
        let settings = settings ?? MarketsSettings(environment: environment)
        // How long a leaderboard reply may be served again (0: computed for every read).
        let leaderboardCacheMs = max(0, environment.int("LEADERBOARD_CACHE_MS", default: 1000))
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [LeaderboardRefreshJob.make()],
            register: { runtime in
                let pool = runtime.database.pool
                let issuer = TokenIssuer(secret: settings.jwtSecret, accessSeconds: settings.accessTokenSeconds)
                AccountHandlers(accounts: AccountStore(pool: pool), tokens: RefreshTokenStore(pool: pool, lifetimeDays: settings.refreshTokenDays),
                                issuer: issuer, hasher: PasswordHasher(rounds: settings.passwordIterations),
                                oauth: UnconfiguredOAuthProvider(name: "X"), settings: settings, clock: runtime.clock)
                    .register(on: runtime)
                let topics = BettingTopics(service: runtime.config.name)
                BettingHandlers(bets: BetStore(pool: pool, outbox: runtime.outbox, topics: topics),
                                settlements: SettlementStore(pool: pool, outbox: runtime.outbox, topics: topics),
                                history: TransactionHistoryStore(pool: pool), clock: runtime.clock)
                    .register(on: runtime)
                LeaderboardHandlers(leaderboards: LeaderboardStore(pool: pool), cache: LeaderboardCache(ttl: .milliseconds(leaderboardCacheMs)),
                                    clock: runtime.clock)
                    .register(on: runtime)
            })
    }
}
