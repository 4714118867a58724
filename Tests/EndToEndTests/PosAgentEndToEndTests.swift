import Crypto
import Foundation
import TestSupport
import XCTest

/// The till, end to end: the real loyalty, gateway and pos-agent executables; this test plays 1C
/// (writes amount.json, consumes discount.txt — or doesn't) and the cashier (earn, redeem over REST).
final class PosAgentEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let botToken = "424242:e2e-telegram-bot-token"
    static let base = 18580
    static let agentPort = 18599

    private static func initData(userId: Int64, name: String) -> String {
        Cluster.initData(botToken: botToken, userId: userId, name: name)
    }

    private func http(
        _ method: String,
        _ url: String,
        headers: [String: String] = [:],
        json: [String: Any]? = nil
    ) async throws -> (Int, [String: Any]) {
        let (status, data) = try await Cluster.http(method, url, headers: headers, json: json)
        return (status, Cluster.object(data))
    }

    func test_tillPlays1C_amountReachesTheCashier_discountAppliedOrRefunded() async throws {
        let exchange = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-till-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: exchange, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: exchange) }
        try await withCluster(base: Self.base, databaseURL: Self.databaseURL, extra: ["TELEGRAM_BOT_TOKEN": Self.botToken]) { cluster in
            try cluster.start("loyalty")
            try cluster.start("gateway")
            let gateway = "http://127.0.0.1:\(Self.base)"
            try await eventually("loyalty healthy through the gateway", timeout: .seconds(30), every: .milliseconds(100)) {
                try await self.http("GET", "\(gateway)/api/health/loyalty").0 == 200
            }

            let admin = try await cluster.token(subject: "e2e-admin", roles: ["admin"])
            let (created, store) = try await http(
                "POST",
                "\(gateway)/api/admin/stores",
                headers: ["Authorization": "Bearer \(admin)"],
                json: ["name": "E2E till"]
            )
            XCTAssertEqual(created, 201, "\(store)")
            let storeId = try XCTUnwrap(store["id"] as? Int)
            let apiKey = try XCTUnwrap(store["apiKey"] as? String)
            let till = ["x-store-api-key": apiKey]
            let (registered, customer) = try await http(
                "POST",
                "\(gateway)/api/customers",
                headers: ["X-Telegram-Init-Data": Self.initData(userId: 5_550_000 + Int64.random(in: 0...9999), name: "Vera")],
                json: [:]
            )
            XCTAssertEqual(registered, 201, "\(customer)")
            let card = try XCTUnwrap(customer["card"] as? String)
            let (earned, earn) = try await http(
                "POST",
                "\(gateway)/api/cashier/earn",
                headers: till,
                json: ["card": card, "storeId": storeId, "amount": 2500]
            )
            XCTAssertEqual(earned, 200, "\(earn)")
            XCTAssertEqual(earn["balance"] as? Int, 100)

            try cluster.start(
                "pos-agent",
                extra: [
                    "STORE_ID": String(storeId), "STORE_NAME": "E2E till", "BACKEND_URL": gateway, "STORE_API_KEY": apiKey,
                    "EXCHANGE_DIR": exchange.path, "PORT": String(Self.agentPort), "DISCOUNT_CONSUME_TIMEOUT_MS": "3000",
                ]
            )
            let agent = "http://127.0.0.1:\(Self.agentPort)"
            try await eventually("pos-agent answering /status", timeout: .seconds(30), every: .milliseconds(100)) {
                try await self.http("GET", "\(agent)/status").0 == 200
            }

            // 1C opens a receipt: the amount reaches the agent and, through it, the cashier's screen.
            try Data(#"{"amount": 1234.50}"#.utf8).write(to: exchange.appendingPathComponent("amount.json"))
            try await eventually("agent reads amount.json", timeout: .seconds(10), every: .milliseconds(100)) {
                try await self.http("GET", "\(agent)/get-amount").1["amount"] as? String == "1234.50"
            }
            try await eventually("precheck reaches the backend", timeout: .seconds(10), every: .milliseconds(100)) {
                try await self.http("GET", "\(gateway)/api/1c/precheck?storeId=\(storeId)", headers: ["Authorization": "Bearer \(admin)"]).1["amount"]
                    as? String == "1234.50"
            }

            // The cashier redeems 50 points; the agent writes discount.txt; 1C consumes it → applied.
            let discountFile = exchange.appendingPathComponent("discount.txt")
            let (redeemedStatus, redeemed) = try await http(
                "POST",
                "\(gateway)/api/cashier/redeem",
                headers: till,
                json: ["card": card, "storeId": storeId, "amount": "1234.50", "points": 50]
            )
            XCTAssertEqual(redeemedStatus, 200, "\(redeemed)")
            let firstDiscount = try XCTUnwrap(redeemed["discountId"] as? String)
            try await eventually("discount.txt written", timeout: .seconds(10), every: .milliseconds(100)) {
                FileManager.default.fileExists(atPath: discountFile.path)
            }
            XCTAssertEqual(try Data(contentsOf: discountFile), Data("50".utf8), "a bare integer, UTF-8 without BOM")
            try FileManager.default.removeItem(at: discountFile)
            try await eventually("the agent has confirmed it", timeout: .seconds(10), every: .milliseconds(100)) {
                let status = try await self.http("GET", "\(agent)/status").1
                return status["currentDiscount"] is NSNull && status["pendingConfirmations"] as? Int == 0 && status["discountsWritten"] as? Int == 1
            }
            // Applied is final: a late "failed" is refused with 409 and refunds nothing.
            let (late, lateBody) = try await http(
                "POST",
                "\(gateway)/api/1c/confirm-discount",
                headers: till,
                json: ["discountId": firstDiscount, "status": "failed"]
            )
            XCTAssertEqual(late, 409, "\(lateBody)")
            let balanceAfterApplied = 100 - 50 + 47  // 4% of 1184.50 ₽ = 47.38 → 47
            let (_, view) = try await http("GET", "\(gateway)/api/customers/\(card)", headers: till)
            XCTAssertEqual(view["balance"] as? Int, balanceAfterApplied)

            // Next receipt: 1C never takes the file → the agent removes it after the timeout and
            // confirms failed → the points come back.
            let (_, second) = try await http(
                "POST",
                "\(gateway)/api/cashier/redeem",
                headers: till,
                json: ["card": card, "storeId": storeId, "amount": "100", "points": 20]
            )
            XCTAssertNotNil(second["discountId"] as? String, "\(second)")
            try await eventually("second discount.txt written", timeout: .seconds(10), every: .milliseconds(100)) {
                FileManager.default.fileExists(atPath: discountFile.path)
            }
            XCTAssertEqual(try Data(contentsOf: discountFile), Data("20".utf8))
            try await eventually("unconsumed file removed and points refunded", timeout: .seconds(15), every: .milliseconds(100)) {
                let balance = try await self.http("GET", "\(gateway)/api/customers/\(card)", headers: till).1["balance"] as? Int
                return !FileManager.default.fileExists(atPath: discountFile.path) && balance == balanceAfterApplied + 3
            }
            // (−20 refunded; the 4% cashback on the 80 ₽ paid, 3 points, stays.)

            let exit = await cluster.stop("pos-agent")
            XCTAssertEqual(exit, 0, "graceful exit on SIGTERM")
        }
    }
}
