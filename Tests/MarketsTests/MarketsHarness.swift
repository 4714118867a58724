import Bus
import Contracts
import Foundation
import Logging
import Markets
import ProtoBridge
import ServiceKit
import Store
import TestSupport

/// The real markets service in-process: its own schema, role and ipc endpoints against the test
/// Postgres, a manual clock and cheap password hashing.
struct MarketsHarness {
    let service: InProcessService
    let clock: ManualClock
    let settings: MarketsSettings

    var runtime: ServiceRuntime { service.runtime }
    var name: String { service.name }
    var rpcURL: String { service.rpcURL }

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let secret = "markets-test-secret-0123456789-0123456789"
    /// 2026-12-07T10:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_796_637_600)

    static let admin = Principal(subject: "00000000-0000-0000-0000-0000000000ad", roles: ["admin"])
    static let scheduler = Principal.service("scheduler")

    /// The principal the gateway forwards for a signed-in user.
    static func user(_ id: String) -> Principal { Principal(subject: id, roles: ["user"]) }

    static func start(
        clock: ManualClock = ManualClock(epoch),
        poolSize: Int = 8,
        settings: MarketsSettings = MarketsSettings(jwtSecret: secret, passwordIterations: 1000),
        catalogSettings: CatalogSettings = CatalogSettings(),
        source: (any MarketSource)? = nil,
        resolver: MarketResolverFactory? = nil,
        promoRedeemer: (any PromoRedeemer)? = nil,
        notifications: (any NotificationSender)? = nil
    ) async throws -> MarketsHarness {
        let name = "mk-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(name: name, databaseURL: databaseURL, poolSize: poolSize)
        let definition = MarketsService.makeDefinition(
            name: name,
            environment: environment,
            settings: settings,
            catalogSettings: catalogSettings,
            source: source,
            resolver: resolver,
            promoRedeemer: promoRedeemer,
            notifications: notifications
        )
        let service = try await InProcessService.start(definition: definition, environment: environment, clock: clock)
        return MarketsHarness(service: service, clock: clock, settings: settings)
    }

    func stop() async { await service.stop(dropSchema: true) }

    /// A typed call; a non-OK reply throws `RPCError`.
    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        principal: Principal = admin,
        key: String = ""
    ) async throws -> Response {
        try await service.call(method, request, as: Response.self, principal: principal, key: key)
    }

    /// The raw reply (status, message, violations, reason).
    func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal = admin, key: String = "") async throws -> Reply {
        try await service.reply(method, request, principal: principal, key: key)
    }

    /// Signs up a user (1000 credits) and returns its session; the name is unique per call.
    func signup(
        _ username: String = "u" + UUID().uuidString.prefix(8).replacingOccurrences(of: "-", with: ""),
        password: String = "correct horse battery"
    ) async throws -> AuthReply {
        try await call(
            "Signup",
            SignupRequest(email: "\(username)@example.com", password: password, username: username),
            as: AuthReply.self,
            principal: Principal()
        )
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

/// Starts the markets service, runs `body` with it and stops it (dropping its schema), also when `body` throws.
@discardableResult
func withMarkets<Result>(
    clock: ManualClock = ManualClock(MarketsHarness.epoch),
    poolSize: Int = 8,
    settings: MarketsSettings = MarketsSettings(jwtSecret: MarketsHarness.secret, passwordIterations: 1000),
    catalogSettings: CatalogSettings = CatalogSettings(),
    source: (any MarketSource)? = nil,
    resolver: MarketResolverFactory? = nil,
    promoRedeemer: (any PromoRedeemer)? = nil,
    notifications: (any NotificationSender)? = nil,
    _ body: (MarketsHarness) async throws -> Result
) async throws -> Result {
    let service = try await MarketsHarness.start(
        clock: clock,
        poolSize: poolSize,
        settings: settings,
        catalogSettings: catalogSettings,
        source: source,
        resolver: resolver,
        promoRedeemer: promoRedeemer,
        notifications: notifications
    )
    return try await withStarted(service, stop: { await $0.stop() }, body)
}
