import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Loyalty
import ServiceKit
import TestSupport
import XCTest

/// REST through the real gateway (router + live HTTP server) to the real loyalty service over the bus,
/// with every credential the tills use: admin JWT, Telegram initData and store API keys.
final class LoyaltyGatewayTests: XCTestCase {
    static let secret = "loyalty-gateway-secret-0123456789-0123456789"
    static let botToken = "123456:TEST-bot-token"

    private struct Setup {
        let service: LoyaltyHarness
        let gateway: GatewayApp
        let admin: String
        let telegram: TelegramInitDataVerifier

        /// initData of Telegram user `id`, signed with the test bot token.
        func initData(_ id: Int64, name: String = "Olga", authDate: Date = Date()) -> String {
            telegram.sign([
                "auth_date": String(Int(authDate.timeIntervalSince1970)), "query_id": "AAH",
                "user": "{\"id\":\(id),\"first_name\":\"\(name)\",\"username\":\"u\(id)\"}",
            ])
        }
    }

    /// Starts the service and a gateway in front of it, runs `body` and stops both, also when `body` throws.
    private func withSetup(_ body: (Setup) async throws -> Void) async throws {
        // The service's clock is the real one here: the gateway checks initData against real time.
        try await withLoyalty(clock: ManualClock(Date())) { service in
            let values = [
                "LOYALTY_RPC_URL": service.rpcURL, "JWT_SECRET": Self.secret, "TELEGRAM_BOT_TOKEN": Self.botToken,
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
            ]
            var logger = Logger(label: "loyalty-gateway")
            logger.logLevel = .warning
            let gateway = try await GatewayApp(config: GatewayConfig(environment: ServiceEnvironment(values)), logger: logger)
            try await withStarted(gateway, stop: { $0.backends.close() }) { gateway in
                let authenticator = try await Authenticator(secret: Self.secret)
                let admin = try await authenticator.sign(
                    GatewayClaims(
                        sub: SubjectClaim(value: "admin-1"),
                        exp: ExpirationClaim(value: Date().addingTimeInterval(600)),
                        roles: ["admin"]
                    )
                )
                try await body(Setup(service: service, gateway: gateway, admin: admin, telegram: TelegramInitDataVerifier(botToken: Self.botToken)))
            }
        }
    }

    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func error(_ buffer: ByteBuffer) -> [String: Any] { json(buffer)["error"] as? [String: Any] ?? [:] }

    private static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
    }

    private static let storeKey = HTTPField.Name("x-store-api-key")!
    private static let initDataHeader = HTTPField.Name("X-Telegram-Init-Data")!
    private static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    func test_tillDay_registerEarnRedeemAndTheAgentsDiscount_overREST() async throws {
        try await withSetup { setup in
            let app = Application(router: setup.gateway.router())
            try await app.test(.live) { client in
                var apiKey = ""
                var storeId = 0
                try await client.execute(
                    uri: "/api/admin/stores",
                    method: .post,
                    headers: [.authorization: "Bearer \(setup.admin)"],
                    body: Self.body(["name": "Ashukino"])
                ) { response in
                    XCTAssertEqual(response.status, .created, String(buffer: response.body))
                    let store = Self.json(response.body)
                    apiKey = store["apiKey"] as? String ?? ""
                    storeId = store["id"] as? Int ?? 0
                }
                var card = ""
                try await client.execute(
                    uri: "/api/customers",
                    method: .post,
                    headers: [.authorization: "tma \(setup.initData(777, name: "Olga"))"],
                    body: ByteBuffer(string: "{}")
                ) { response in
                    XCTAssertEqual(response.status, .created, String(buffer: response.body))
                    let customer = Self.json(response.body)
                    card = customer["card"] as? String ?? ""
                    XCTAssertEqual(customer["name"] as? String, "Olga")
                    XCTAssertEqual(customer["balance"] as? Int, 0)
                }
                // Amount as a JSON number and as a string: both exact.
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: apiKey, Self.idempotencyKey: "e-1"],
                    body: ByteBuffer(string: "{\"card\":\"\(card)\",\"storeId\":\(storeId),\"amount\":1000.00}")
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let earned = Self.json(response.body)
                    XCTAssertEqual(earned["pointsEarned"] as? Int, 40)
                    XCTAssertEqual(earned["balance"] as? Int, 40)
                    XCTAssertNotNil(earned["transactionId"])
                }
                // The same key with the same amount spelled as a string: the same request, the first answer.
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: apiKey, Self.idempotencyKey: "e-1"],
                    body: ByteBuffer(string: "{\"storeId\":\(storeId),\"card\":\"\(card)\",\"amount\":\"1000.00\"}")
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    XCTAssertEqual(Self.json(response.body)["balance"] as? Int, 40, "replayed, not earned again")
                }
                // The same key for another amount: 422, nothing earned.
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: apiKey, Self.idempotencyKey: "e-1"],
                    body: ByteBuffer(string: "{\"card\":\"\(card)\",\"storeId\":\(storeId),\"amount\":999.00}")
                ) { response in
                    XCTAssertEqual(response.status, .unprocessableContent, String(buffer: response.body))
                    XCTAssertEqual(Self.error(response.body)["reason"] as? String, "IDEMPOTENCY_KEY_REUSED")
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: apiKey],
                    body: Self.body(["card": card, "storeId": storeId, "amount": "12.50"])
                ) { response in
                    XCTAssertEqual(Self.json(response.body)["pointsEarned"] as? Int, 1)
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: apiKey],
                    body: Self.body(["card": card, "storeId": storeId, "amount": "12.50"])
                ) { response in
                    XCTAssertEqual(response.status, .conflict)
                    XCTAssertEqual(Self.error(response.body)["reason"] as? String, "DUPLICATE_TRANSACTION")
                }
                var discountId = ""
                try await client.execute(
                    uri: "/api/cashier/redeem",
                    method: .post,
                    headers: [Self.storeKey: apiKey, Self.idempotencyKey: "r-1"],
                    body: Self.body(["card": card, "storeId": storeId, "amount": "200", "points": 40])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let redeemed = Self.json(response.body)
                    XCTAssertEqual(redeemed["pointsRedeemed"] as? Int, 40)
                    XCTAssertEqual(redeemed["pointsEarned"] as? Int, 6)
                    XCTAssertEqual(redeemed["balance"] as? Int, 7)
                    discountId = redeemed["discountId"] as? String ?? ""
                }
                // A dashboard (admin) may look, as often as it likes, but not take: that would hold the discount from the till.
                for _ in 0..<2 {
                    try await client.execute(
                        uri: "/api/1c/pending-discounts?storeId=\(storeId)",
                        method: .get,
                        headers: [.authorization: "Bearer \(setup.admin)"]
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let discounts = Self.json(response.body)["discounts"] as? [[String: Any]] ?? []
                        XCTAssertEqual(discounts.map { $0["status"] as? String }, ["pending"])
                    }
                }
                try await client.execute(
                    uri: "/api/1c/pending-discounts/take",
                    method: .post,
                    headers: [.authorization: "Bearer \(setup.admin)"],
                    body: Self.body(["storeId": storeId])
                ) { response in
                    // The route takes the store's key only: an admin's token is refused at the gateway.
                    XCTAssertEqual(response.status, .unauthorized, String(buffer: response.body))
                    XCTAssertEqual(Self.error(response.body)["message"] as? String, "this route takes an x-store-api-key only")
                }
                try await client.execute(
                    uri: "/api/1c/pending-discounts/take",
                    method: .post,
                    headers: [Self.storeKey: apiKey],
                    body: Self.body(["storeId": storeId])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let discounts = Self.json(response.body)["discounts"] as? [[String: Any]] ?? []
                    XCTAssertEqual(discounts.count, 1)
                    XCTAssertEqual(discounts.first?["id"] as? String, discountId)
                    XCTAssertEqual(discounts.first?["amount"] as? Int, 40)
                    XCTAssertEqual(discounts.first?["card"] as? String, card)
                    XCTAssertEqual(discounts.first?["status"] as? String, "processing")
                }
                try await client.execute(
                    uri: "/api/1c/confirm-discount",
                    method: .post,
                    headers: [Self.storeKey: apiKey],
                    body: Self.body(["discountId": discountId, "status": "applied"])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                }
                try await client.execute(uri: "/api/customers/\(card)", method: .get, headers: [Self.initDataHeader: setup.initData(777)]) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["balance"] as? Int, 7)
                    XCTAssertEqual(Self.json(response.body)["expiringSoon"] as? Int, 0)
                }
                try await client.execute(uri: "/api/stores/\(storeId)/transactions?limit=2", method: .get, headers: [Self.storeKey: apiKey]) {
                    response in
                    let page = Self.json(response.body)
                    XCTAssertEqual((page["transactions"] as? [[String: Any]])?.map { $0["type"] as? String ?? "" }, ["redeem", "earn"])
                    XCTAssertEqual((page["transactions"] as? [[String: Any]])?.first?["discountStatus"] as? String, "applied")
                    XCTAssertFalse((page["nextCursor"] as? String ?? "").isEmpty)
                }
                try await client.execute(uri: "/api/customers/\(card)/stats", method: .get, headers: [Self.initDataHeader: setup.initData(777)]) {
                    response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let stats = Self.json(response.body)
                    XCTAssertEqual(stats["totalPurchases"] as? Int, 3)
                    XCTAssertEqual(stats["totalSpent"] as? String, "1212.50")
                    XCTAssertEqual(stats["pointsEarned"] as? Int, 47)
                    XCTAssertEqual(stats["pointsRedeemed"] as? Int, 40)
                }
                try await client.execute(
                    uri: "/api/1c/precheck",
                    method: .post,
                    headers: [Self.storeKey: apiKey],
                    body: Self.body(["storeId": storeId, "amount": 1234.5])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                }
                try await client.execute(uri: "/api/1c/precheck?storeId=\(storeId)", method: .get, headers: [.authorization: "Bearer \(setup.admin)"])
                { response in
                    XCTAssertEqual(Self.json(response.body)["amount"] as? String, "1234.50")
                }
                // The receipt is closed: the agent clears the amount and it is gone at once.
                try await client.execute(uri: "/api/1c/precheck?storeId=\(storeId)", method: .delete, headers: [Self.storeKey: apiKey]) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    XCTAssertEqual(Self.json(response.body)["cleared"] as? Bool, true)
                }
                try await client.execute(uri: "/api/1c/precheck?storeId=\(storeId)", method: .get, headers: [.authorization: "Bearer \(setup.admin)"])
                { response in
                    XCTAssertEqual(response.status, .notFound)
                }
            }
        }
    }

    func test_credentials_wrongOrMissing_get401_andOtherStores_get403() async throws {
        try await withSetup { setup in
            let app = Application(router: setup.gateway.router())
            let store1 = try await setup.service.store("One")
            let store2 = try await setup.service.store("Two")
            try await app.test(.live) { client in
                try await client.execute(uri: "/api/cashier/earn", method: .post, body: Self.body(["card": "123456", "storeId": 1, "amount": "1"])) {
                    response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(uri: "/api/1c/pending-discounts?storeId=\(store1.id)", method: .get, headers: [Self.storeKey: "sk_wrong"]) {
                    response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(uri: "/api/1c/pending-discounts?storeId=\(store1.id)", method: .get, headers: [Self.storeKey: store2.apiKey])
                { response in
                    XCTAssertEqual(response.status, .forbidden, String(buffer: response.body))
                }
                try await client.execute(
                    uri: "/api/1c/pending-discounts/take",
                    method: .post,
                    headers: [Self.storeKey: store2.apiKey],
                    body: Self.body(["storeId": store1.id])
                ) { response in
                    XCTAssertEqual(response.status, .forbidden, String(buffer: response.body))
                }
                try await client.execute(uri: "/api/1c/precheck?storeId=\(store1.id)", method: .delete, headers: [Self.storeKey: store2.apiKey]) {
                    response in
                    XCTAssertEqual(response.status, .forbidden, String(buffer: response.body))
                }
                let forged = setup.initData(777).replacingOccurrences(of: "Olga", with: "Oleg")
                try await client.execute(uri: "/api/customers", method: .post, headers: [Self.initDataHeader: forged], body: ByteBuffer(string: "{}"))
                { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertTrue((Self.error(response.body)["message"] as? String ?? "").contains("signature"))
                }
                let stale = setup.initData(777, authDate: Date().addingTimeInterval(-25 * 3600))
                try await client.execute(uri: "/api/customers", method: .post, headers: [Self.initDataHeader: stale], body: ByteBuffer(string: "{}"))
                { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(uri: "/api/admin/stores", method: .get, headers: [Self.initDataHeader: setup.initData(777)]) { response in
                    XCTAssertEqual(response.status, .unauthorized, "admin routes take bearer tokens only")
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.initDataHeader: setup.initData(777)],
                    body: Self.body(["card": "123456", "storeId": store1.id, "amount": "100"])
                ) { response in
                    XCTAssertEqual(response.status, .forbidden, "a Telegram user who is not a cashier")
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: store1.apiKey],
                    body: Self.body(["card": "12", "storeId": store1.id, "amount": "1.999", "extra": 1])
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    let fields = (Self.error(response.body)["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    XCTAssertEqual(fields, ["extra"], "unknown fields are refused before the service is asked")
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .post,
                    headers: [Self.storeKey: store1.apiKey],
                    body: Self.body(["card": "12", "storeId": store1.id, "amount": "1.999"])
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    let fields = (Self.error(response.body)["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    XCTAssertEqual(fields, ["card", "amount"])
                }
            }
            let entries = try await setup.service.scalar("SELECT count(*)::int AS v FROM entries")
            XCTAssertEqual(entries, 0)
        }
    }

    /// The routes of the cashier page and the customer portal, end to end through the router:
    /// their paths, JSON field names and statuses.
    func test_cashierPage_andPortal_routes_overREST() async throws {
        try await withSetup { setup in
            let app = Application(router: setup.gateway.router())
            let store = try await setup.service.store("Page")
            try await app.test(.live) { client in
                let me = setup.initData(888, name: "Nina")
                var card = ""
                try await client.execute(uri: "/api/customers", method: .post, headers: [Self.initDataHeader: me], body: ByteBuffer(string: "{}")) {
                    response in
                    XCTAssertEqual(response.status, .created)
                    card = Self.json(response.body)["card"] as? String ?? ""
                }
                try await client.execute(uri: "/api/customers/me", method: .get, headers: [Self.initDataHeader: me]) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    XCTAssertEqual(Self.json(response.body)["card"] as? String, card)
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "Nina")
                }
                try await client.execute(
                    uri: "/api/customers/me",
                    method: .patch,
                    headers: [Self.initDataHeader: me],
                    body: Self.body(["name": "  Nina K  "])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "Nina K")
                }
                try await client.execute(uri: "/api/customers/me", method: .patch, headers: [Self.initDataHeader: me], body: Self.body(["name": " "]))
                {
                    response in
                    XCTAssertEqual(response.status, .badRequest)
                    let fields = (Self.error(response.body)["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    XCTAssertEqual(fields, ["name"])
                }
                try await client.execute(uri: "/api/customers", method: .post, headers: [Self.initDataHeader: me], body: Self.body(["name": "Other"]))
                {
                    response in
                    XCTAssertEqual(response.status, .created)
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "Nina K", "registering again keeps the name")
                }
                try await client.execute(uri: "/api/customers/me", method: .get, headers: [Self.initDataHeader: setup.initData(889)]) { response in
                    XCTAssertEqual(response.status, .notFound)
                }
                _ = try await setup.service.earn(card, store: store.id, amount: "1000")  // 40
                try await client.execute(
                    uri: "/api/cashier/preview",
                    method: .post,
                    headers: [Self.storeKey: store.apiKey],
                    body: Self.body(["card": card, "storeId": store.id, "amount": "100", "operation": "redeem"])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let preview = Self.json(response.body)
                    XCTAssertEqual(preview["card"] as? String, card)
                    XCTAssertEqual(preview["storeId"] as? Int, Int(store.id))
                    XCTAssertEqual(preview["amount"] as? String, "100.00")
                    XCTAssertEqual(preview["operation"] as? String, "redeem")
                    XCTAssertEqual(preview["balance"] as? Int, 40)
                    XCTAssertEqual(preview["maxPoints"] as? Int, 20)
                    XCTAssertEqual(preview["points"] as? Int, 20)
                    XCTAssertEqual(preview["discount"] as? String, "20.00")
                    XCTAssertEqual(preview["payable"] as? String, "80.00")
                    XCTAssertEqual(preview["pointsEarned"] as? Int, 3)
                    XCTAssertEqual(preview["balanceAfter"] as? Int, 23)
                }
                try await client.execute(
                    uri: "/api/cashier/preview",
                    method: .post,
                    headers: [Self.storeKey: store.apiKey],
                    body: Self.body(["card": card, "storeId": store.id, "amount": "100", "operation": "refund"])
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                }
                try await client.execute(uri: "/api/cashier/session", method: .get, headers: [Self.storeKey: store.apiKey]) { response in
                    XCTAssertEqual(response.status, .ok)
                    let session = Self.json(response.body)
                    XCTAssertEqual(session["kind"] as? String, "store_key")
                    let stores = session["stores"] as? [[String: Any]] ?? []
                    XCTAssertEqual(stores.map { $0["id"] as? Int }, [Int(store.id)])
                    XCTAssertEqual(stores.map { $0["name"] as? String }, ["Page"])
                }
                var discountId = ""
                try await client.execute(
                    uri: "/api/cashier/redeem",
                    method: .post,
                    headers: [Self.storeKey: store.apiKey],
                    body: Self.body(["card": card, "storeId": store.id, "amount": "100", "points": 20])
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    XCTAssertEqual(Self.json(response.body)["balance"] as? Int, 23, "as previewed")
                    discountId = Self.json(response.body)["discountId"] as? String ?? ""
                }
                try await client.execute(uri: "/api/stores/\(store.id)/discounts/\(discountId)", method: .get, headers: [Self.storeKey: store.apiKey])
                {
                    response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let discount = Self.json(response.body)
                    XCTAssertEqual(discount["id"] as? String, discountId)
                    XCTAssertEqual(discount["status"] as? String, "pending")
                    XCTAssertEqual(discount["amount"] as? Int, 20)
                    XCTAssertEqual(discount["settledAt"] as? String, "")
                }
                try await client.execute(
                    uri: "/api/admin/stores/\(store.id)/cashiers",
                    method: .get,
                    headers: [.authorization: "Bearer \(setup.admin)"]
                ) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual((Self.json(response.body)["cashiers"] as? [Any])?.count, 0)
                }
                try await client.execute(
                    uri: "/api/admin/stores/\(store.id)/cashiers/5",
                    method: .delete,
                    headers: [.authorization: "Bearer \(setup.admin)"]
                ) { response in
                    XCTAssertEqual(response.status, .notFound)
                }
            }
        }
    }
}
