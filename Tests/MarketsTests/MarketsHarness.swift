import Bus
import Contracts
import Foundation
import Logging
import Markets
import ProtoBridge
import Store
@testable import ServiceKit

/// The real markets service in-process: its own schema, role and ipc endpoints against the test
/// Postgres, a manual clock and cheap password hashing.
struct MarketsHarness {
    let runtime: ServiceRuntime
    let client: RPCClient
    let clock: ManualClock
    let name: String
    let rpcURL: String
    let settings: MarketsSettings

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let secret = "markets-test-secret-0123456789-0123456789"
    /// 2026-12-07T10:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_796_637_600)

    static let admin = Principal(subject: "00000000-0000-0000-0000-0000000000ad", roles: ["admin"])
    static let scheduler = Principal.service("scheduler")

    /// The principal the gateway forwards for a signed-in user.
    static func user(_ id: String) -> Principal { Principal(subject: id, roles: ["user"]) }

    static func start(clock: ManualClock = ManualClock(epoch), poolSize: Int = 8,
                      settings: MarketsSettings = MarketsSettings(jwtSecret: secret, passwordIterations: 1000),
                      catalogSettings: CatalogSettings = CatalogSettings(), source: (any MarketSource)? = nil,
                      resolver: MarketResolverFactory? = nil,
                      promoRedeemer: (any PromoRedeemer)? = nil, notifications: (any NotificationSender)? = nil) async throws -> MarketsHarness {
        let name = "mk-" + UUID().uuidString.prefix(8).lowercased()
        let prefix = ServiceEndpoints.envPrefix(name)
        let environment = ServiceEnvironment([
            "DATABASE_URL": databaseURL,
            "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            "DB_POOL_SIZE": String(poolSize),
        ])
        let config = ServiceConfig(name: name, environment: environment)
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let definition = MarketsService.makeDefinition(name: name, environment: environment, settings: settings,
                                                       catalogSettings: catalogSettings, source: source, resolver: resolver,
                                                       promoRedeemer: promoRedeemer, notifications: notifications)
        let runtime = try ServiceRuntime(definition: definition, config: config, clock: clock, logger: logger)
        let migrations = try Migration.load(directory: definition.migrationsDirectory!)
        try await DatabaseBootstrap(config: config, database: runtime.database, serviceMigrations: migrations, logger: logger).run()
        runtime.server.start()
        let client = try RPCClient(service: name, urls: [config.rpcURL], logger: logger)
        return MarketsHarness(runtime: runtime, client: client, clock: clock, name: name, rpcURL: config.rpcURL, settings: settings)
    }

    func stop() async {
        client.close()
        await runtime.server.stop()
        runtime.publisher.close()
        _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        await runtime.database.pool.close()
    }

    /// A typed call; a non-OK reply throws `RPCError`.
    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String, _ request: Request, as _: Response.Type = Response.self,
        principal: Principal = admin, key: String = ""
    ) async throws -> Response {
        try await client.call(method, request, as: Response.self,
                              options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60)))
    }

    /// The raw reply (status, message, violations, reason).
    func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal = admin, key: String = "") async throws -> Reply {
        await client.callRaw(method, body: try request.serializedBytes(),
                             options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60)))
    }

    /// Signs up a user (1000 credits) and returns its session; the name is unique per call.
    func signup(_ username: String = "u" + UUID().uuidString.prefix(8).replacingOccurrences(of: "-", with: ""),
                password: String = "correct horse battery") async throws -> AuthReply {
        try await call("Signup", SignupRequest(email: "\(username)@example.com", password: password, username: username), as: AuthReply.self,
                       principal: Principal())
    }

    /// A new user's principal, as the gateway forwards it.
    func signedInUser() async throws -> Principal {
        let session = try await signup()
        guard let id = session.user?.id else { throw RPCError(.internal, "signup answered no user") }
        return Self.user(id)
    }

    func runJob(_ job: String) async throws -> RunJobReply {
        try await call("RunJob", RunJobRequest(job: job), as: RunJobReply.self, principal: Self.scheduler)
    }

    /// One integer from SQL (`… AS v`).
    func scalar(_ sql: SQL) async throws -> Int {
        let rows = try await runtime.database.pool.query(sql)
        return try rows[0].decodeIfPresent("v", as: Int.self) ?? 0
    }
}
