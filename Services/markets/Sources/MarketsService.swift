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
    /// `promoRedeemer` defaults to code-inventory over the bus (`CODE_INVENTORY_RPC_URL`);
    /// `notifications` defaults to the log.
    public static func makeDefinition(name: String = name, environment: ServiceEnvironment = ServiceEnvironment(),
                                      settings: MarketsSettings? = nil, promoRedeemer: (any PromoRedeemer)? = nil,
                                      notifications: (any NotificationSender)? = nil) -> ServiceDefinition {
        let settings = settings ?? MarketsSettings(environment: environment)
        var logger = Logger(label: name)
        logger[metadataKey: "service"] = "\(name)"
        let sender = notifications ?? LoggingNotificationSender(logger: logger)
        return ServiceDefinition(
            name: name,
            migrationsDirectory: Bundle.module.url(forResource: "Migrations", withExtension: nil),
            jobs: [TierExpirationJob.make(), GlobalOverrideCheckJob.make(), TrialReminderJob.make(sender: sender)],
            register: { runtime in
                let pool = runtime.database.pool
                let tiers = TierStore(pool: pool)
                let redeemer = promoRedeemer
                    ?? BusPromoRedeemer(url: ServiceEndpoints.rpcURL("code-inventory", environment), logger: runtime.logger)
                TierHandlers(tiers: tiers, redeemer: redeemer, clock: runtime.clock).register(on: runtime)
                let issuer = TokenIssuer(secret: settings.jwtSecret, accessSeconds: settings.accessTokenSeconds)
                AccountHandlers(accounts: AccountStore(pool: pool), tiers: tiers, tokens: RefreshTokenStore(pool: pool, lifetimeDays: settings.refreshTokenDays),
                                issuer: issuer, hasher: PasswordHasher(rounds: settings.passwordIterations),
                                oauth: UnconfiguredOAuthProvider(name: "X"), settings: settings, clock: runtime.clock)
                    .register(on: runtime)
                EconomyHandlers(rewards: DailyRewardStore(pool: pool), referrals: ReferralStore(pool: pool), purchases: PurchaseStore(pool: pool),
                                stocks: StockStore(pool: pool), payments: ManualPaymentProvider(), clock: runtime.clock)
                    .register(on: runtime)
            })
    }
}
