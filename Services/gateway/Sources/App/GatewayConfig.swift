import Foundation
import ServiceKit

/// The gateway's settings, from environment variables.
public struct GatewayConfig: Sendable {
    public var host: String
    public var port: Int
    public var jwtSecret: String
    /// `JWT_AUDIENCE`, `JWT_ISSUER`, `JWT_LEEWAY_SECONDS`: what bearer tokens must say besides their signature.
    public var tokenRules: TokenRules
    public var bodyLimitBytes: Int
    /// Largest streamed upload body (`text/csv` code imports), separate from the JSON body limit.
    public var uploadLimitBytes: Int
    /// Bytes per chunk message of a streamed upload.
    public var uploadChunkBytes: Int
    public var rateLimitPerSecond: Double
    public var rateLimitBurst: Double
    /// `TRUSTED_PROXIES`: comma-separated addresses and CIDR blocks of the proxies in front of the
    /// gateway; only their `X-Forwarded-For` names the client. Empty: none.
    public var trustedProxies: String
    public var rpcTimeout: Duration
    public var readinessTimeout: Duration
    /// RPC URL of each backend service.
    public var serviceURLs: [String: String]
    public var maxMessageBytes: Int
    /// Bot token that signs Telegram WebApp initData; nil turns Telegram sign-in off.
    public var telegramBotToken: String?
    /// initData older than this (`auth_date`) is refused.
    public var telegramMaxAge: TimeInterval
    /// `STORE_KEY_CACHE_SECONDS`: how long a resolved store API key is trusted without asking loyalty
    /// again. A key rotation drops the store's keys at once (`loyalty.store_key_rotated`); this is
    /// the bound on an old key for a gateway that missed the event.
    public var storeKeyCacheSeconds: TimeInterval
    /// `LOYALTY_EVENTS_URL`: loyalty's event URLs, comma-separated (one per replica), read for the live discount streams.
    public var loyaltyEventsURLs: [String]
    /// `GATEWAY_EVENTS_CHECK_SECONDS`: how often loyalty's outbox is asked for discount events the bus dropped.
    public var eventsCheckInterval: Duration
    /// `GATEWAY_STREAM_HEARTBEAT_SECONDS`: a comment line this often on an idle event stream.
    public var streamHeartbeat: Duration
    /// `GATEWAY_DRAIN_SECONDS`: after SIGTERM, how long `/readyz` answers 503 while requests are
    /// still served, before the listener closes (0: close at once).
    public var drainDelay: Duration
    /// `GATEWAY_STREAM_RECHECK_SECONDS`: how often an open event stream's credential and access are
    /// checked again (a removed cashier or a rotated key loses the stream within this time).
    public var streamRecheckInterval: Duration
    /// `GATEWAY_STREAM_MAX_SECONDS`: an event stream ends after this long (the client reconnects).
    public var streamMaxDuration: Duration
    /// `SERVICE_VERSION`: shown in `build_info`.
    public var version: String
    /// `CORS_ALLOWED_ORIGINS`: comma-separated origins (`https://shop.example`) whose pages may call
    /// `/api/*` from a browser. Empty: none (the gateway's own pages are same-origin).
    public var corsAllowedOrigins: [String]
    /// `CASHIER_AGENT_URL`: where the till's browser reaches its pos-agent (`/get-amount`); the
    /// cashier page reads it and its origin is allowed in the pages' `connect-src`.
    public var cashierAgentURL: String

    /// Only for `make run` on a laptop; HS256 needs at least 32 bytes of secret.
    public static let developmentSecret = "dev-only-secret-change-me-0123456789abcdef"

    public init(environment env: ServiceEnvironment = ServiceEnvironment()) {
        host = env.string("GATEWAY_HOST", default: "127.0.0.1")
        port = env.int("GATEWAY_PORT", default: 8080)
        jwtSecret = env.string("JWT_SECRET", default: GatewayConfig.developmentSecret)
        let audience = env.string("JWT_AUDIENCE", default: "")
        let issuer = env.string("JWT_ISSUER", default: "")
        tokenRules = TokenRules(
            audience: audience.isEmpty ? nil : audience,
            issuer: issuer.isEmpty ? nil : issuer,
            leeway: TimeInterval(env.int("JWT_LEEWAY_SECONDS", default: 30))
        )
        bodyLimitBytes = env.int("GATEWAY_BODY_LIMIT_BYTES", default: 1 << 20)
        uploadLimitBytes = env.int("GATEWAY_UPLOAD_LIMIT_BYTES", default: 256 << 20)
        uploadChunkBytes = max(4 << 10, env.int("GATEWAY_UPLOAD_CHUNK_BYTES", default: 1 << 20))
        rateLimitPerSecond = Double(env.int("GATEWAY_RATE_LIMIT_PER_SECOND", default: 100))
        rateLimitBurst = Double(env.int("GATEWAY_RATE_LIMIT_BURST", default: 200))
        trustedProxies = env.string("TRUSTED_PROXIES", default: "")
        rpcTimeout = .milliseconds(env.int("RPC_TIMEOUT_MS", default: 5000))
        readinessTimeout = .milliseconds(env.int("READINESS_TIMEOUT_MS", default: 1000))
        maxMessageBytes = env.int("RPC_MAX_MESSAGE_BYTES", default: 4 << 20)
        let token = env.string("TELEGRAM_BOT_TOKEN", default: "")
        telegramBotToken = token.isEmpty ? nil : token
        telegramMaxAge = TimeInterval(env.int("TELEGRAM_INIT_DATA_MAX_AGE_SECONDS", default: 86_400))
        storeKeyCacheSeconds = TimeInterval(env.int("STORE_KEY_CACHE_SECONDS", default: 30))
        version = env.string("SERVICE_VERSION", default: "0.1.0")
        loyaltyEventsURLs = ServiceEndpoints.eventsURL("loyalty", env).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        eventsCheckInterval = .seconds(max(1, env.int("GATEWAY_EVENTS_CHECK_SECONDS", default: 30)))
        streamHeartbeat = .seconds(max(1, env.int("GATEWAY_STREAM_HEARTBEAT_SECONDS", default: 15)))
        streamMaxDuration = .seconds(max(1, env.int("GATEWAY_STREAM_MAX_SECONDS", default: 3600)))
        drainDelay = .seconds(max(0, env.int("GATEWAY_DRAIN_SECONDS", default: 0)))
        streamRecheckInterval = .seconds(max(1, env.int("GATEWAY_STREAM_RECHECK_SECONDS", default: 30)))
        corsAllowedOrigins = env.string("CORS_ALLOWED_ORIGINS", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        cashierAgentURL = env.string("CASHIER_AGENT_URL", default: "http://127.0.0.1:3333")
        serviceURLs = Dictionary(uniqueKeysWithValues: ServiceEndpoints.services.map { ($0, ServiceEndpoints.rpcURL($0, env)) })
    }
}
