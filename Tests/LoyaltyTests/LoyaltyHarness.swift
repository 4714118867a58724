import Bus
import Contracts
import Foundation
import Logging
import Loyalty
import ProtoBridge
import ServiceKit
import Store
import TestSupport

/// The real loyalty service in-process: its own schema, role and ipc endpoints against the test
/// Postgres, and a manual clock.
struct LoyaltyHarness {
    let service: InProcessService
    let clock: ManualClock

    var runtime: ServiceRuntime { service.runtime }
    var name: String { service.name }
    var rpcURL: String { service.rpcURL }

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    /// 2026-12-07T10:00:00Z: points earned now expire on 2027-01-21T00:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_796_637_600)

    static let admin = Principal(subject: "adm-1", roles: ["admin"])
    static let scheduler = Principal.service("scheduler")

    static func store(_ id: Int32) -> Principal { Principal(subject: "store:\(id)", roles: ["store"], storeId: String(id)) }
    static func telegram(_ id: Int64, name: String = "Ivan") -> Principal {
        Principal(subject: "telegram:\(id)", roles: ["telegram"], displayName: name)
    }

    static func start(
        clock: ManualClock = ManualClock(epoch),
        poolSize: Int = 8,
        settings: LoyaltySettings = LoyaltySettings()
    ) async throws -> LoyaltyHarness {
        let name = "ly-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(name: name, databaseURL: databaseURL, poolSize: poolSize)
        let service = try await InProcessService.start(
            definition: LoyaltyService.makeDefinition(name: name, environment: environment, settings: settings),
            environment: environment,
            clock: clock
        )
        return LoyaltyHarness(service: service, clock: clock)
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

    /// A new store (admin) and its API key.
    func store(_ name: String = "Ashukino") async throws -> StoreInfo {
        try await call("CreateStore", CreateStoreRequest(name: name), as: StoreInfo.self)
    }

    /// A registered customer's card.
    func customer(telegramId: Int64 = Int64.random(in: 1...1_000_000_000), name: String = "Ivan") async throws -> String {
        try await call("RegisterCustomer", RegisterCustomerRequest(), as: Customer.self, principal: Self.telegram(telegramId, name: name)).card
    }

    func earn(_ card: String, store: Int32, amount: String, key: String = UUID().uuidString) async throws -> EarnReply {
        try await call("Earn", EarnRequest(card: card, storeId: store, amount: amount), as: EarnReply.self, key: key)
    }

    func redeem(_ card: String, store: Int32, amount: String, points: Int32, key: String = UUID().uuidString) async throws -> RedeemReply {
        try await call("Redeem", RedeemRequest(card: card, storeId: store, amount: amount, points: points), as: RedeemReply.self, key: key)
    }

    func customerView(_ card: String) async throws -> Customer {
        try await call("GetCustomer", GetCustomerRequest(card: card), as: Customer.self)
    }

    func runJob(_ job: String) async throws -> RunJobReply {
        try await call("RunJob", RunJobRequest(job: job), as: RunJobReply.self, principal: Self.scheduler)
    }

    /// One SQL value.
    func scalar(_ sql: SQL) async throws -> Int {
        let rows = try await runtime.database.pool.query(sql)
        return try rows[0].decodeIfPresent("v", as: Int.self) ?? 0
    }

    /// Stored balance, the sum of remaining lot points, and the unexpired part of it at the clock's now.
    func ledgerState(_ card: String) async throws -> (balance: Int, lots: Int, unexpired: Int) {
        let rows = try await runtime.database.pool.query(
            """
            SELECT c.balance,
                   (SELECT coalesce(sum(remaining), 0)::int FROM lots WHERE customer_id = c.id) AS lots,
                   (SELECT coalesce(sum(remaining), 0)::int FROM lots WHERE customer_id = c.id AND expires_at > \(clock.now())) AS unexpired
            FROM customers c WHERE c.card = \(card)
            """
        )
        return (try rows[0].decode("balance"), try rows[0].decode("lots"), try rows[0].decode("unexpired"))
    }

    /// Outbox topics written so far, in order.
    func outboxTopics() async throws -> [String] {
        let rows = try await runtime.database.pool.query("SELECT topic FROM outbox ORDER BY created")
        return try rows.map { try $0.decode("topic", as: String.self) }
    }
}

/// Starts the loyalty service, runs `body` with it and stops it (dropping its schema), also when `body` throws.
@discardableResult
func withLoyalty<Result>(
    clock: ManualClock = ManualClock(LoyaltyHarness.epoch),
    poolSize: Int = 8,
    settings: LoyaltySettings = LoyaltySettings(),
    _ body: (LoyaltyHarness) async throws -> Result
) async throws -> Result {
    try await withStarted(try await LoyaltyHarness.start(clock: clock, poolSize: poolSize, settings: settings), stop: { await $0.stop() }, body)
}
