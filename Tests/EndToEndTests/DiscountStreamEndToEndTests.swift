import Foundation
import TestSupport
import XCTest

/// The cashier web app's live view on the real executables: a redemption at the till shows up on
/// the store's `GET /api/stores/{storeId}/discounts/stream` (loyalty's outbox → bus → gateway → SSE).
final class DiscountStreamEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let botToken = "434343:e2e-stream-bot-token"
    static let base = 19280

    func test_redemptionAtTheTill_reachesTheStoresDiscountStream() async throws {
        let extra = ["TELEGRAM_BOT_TOKEN": Self.botToken, "GATEWAY_STREAM_MAX_SECONDS": "5", "GATEWAY_STREAM_HEARTBEAT_SECONDS": "1"]
        try await withCluster(base: Self.base, databaseURL: Self.databaseURL, extra: extra) { cluster in
            try cluster.start("loyalty")
            try cluster.start("gateway")
            let gateway = "http://127.0.0.1:\(Self.base)"
            try await eventually("loyalty healthy through the gateway", timeout: .seconds(30), every: .milliseconds(100)) {
                try await Cluster.http("GET", "\(gateway)/api/health/loyalty").0 == 200
            }
            let admin = try await cluster.token(subject: "e2e-admin", roles: ["admin"])
            let (created, storeData) = try await Cluster.http(
                "POST",
                "\(gateway)/api/admin/stores",
                headers: ["Authorization": "Bearer \(admin)"],
                json: ["name": "Live"]
            )
            XCTAssertEqual(created, 201)
            let store = Cluster.object(storeData)
            let storeId = try XCTUnwrap(store["id"] as? Int)
            let till = ["x-store-api-key": try XCTUnwrap(store["apiKey"] as? String)]
            let (registered, customerData) = try await Cluster.http(
                "POST",
                "\(gateway)/api/customers",
                headers: [
                    "X-Telegram-Init-Data": Cluster.initData(botToken: Self.botToken, userId: 6_660_000 + Int64.random(in: 0...9999), name: "Lev")
                ],
                json: [:]
            )
            XCTAssertEqual(registered, 201)
            let card = try XCTUnwrap(Cluster.object(customerData)["card"] as? String)
            let (earned, _) = try await Cluster.http(
                "POST",
                "\(gateway)/api/cashier/earn",
                headers: till,
                json: ["card": card, "storeId": storeId, "amount": 2500]
            )
            XCTAssertEqual(earned, 200)

            // Another store's key may not read this stream.
            let (other, otherData) = try await Cluster.http(
                "POST",
                "\(gateway)/api/admin/stores",
                headers: ["Authorization": "Bearer \(admin)"],
                json: ["name": "Other"]
            )
            XCTAssertEqual(other, 201)
            let otherKey = try XCTUnwrap(Cluster.object(otherData)["apiKey"] as? String)
            let (refused, _) = try await Cluster.http(
                "GET",
                "\(gateway)/api/stores/\(storeId)/discounts/stream",
                headers: ["x-store-api-key": otherKey]
            )
            XCTAssertEqual(refused, 403)

            // The till's screen reads the stream (it ends after GATEWAY_STREAM_MAX_SECONDS).
            async let stream = Cluster.http("GET", "\(gateway)/api/stores/\(storeId)/discounts/stream", headers: till)
            // A plain request cannot see the stream open; the redemption waits a moment for it.
            try await Task.sleep(for: .seconds(1))
            let (redeemed, redeemData) = try await Cluster.http(
                "POST",
                "\(gateway)/api/cashier/redeem",
                headers: till,
                json: ["card": card, "storeId": storeId, "amount": "1000", "points": 50]
            )
            XCTAssertEqual(redeemed, 200, String(decoding: redeemData, as: UTF8.self))
            let discountId = try XCTUnwrap(Cluster.object(redeemData)["discountId"] as? String)
            let (confirmed, _) = try await Cluster.http(
                "POST",
                "\(gateway)/api/1c/confirm-discount",
                headers: till,
                json: ["discountId": discountId, "status": "applied"]
            )
            XCTAssertEqual(confirmed, 200)

            let (status, body) = try await stream
            let text = String(decoding: body, as: UTF8.self)
            XCTAssertEqual(status, 200)
            XCTAssertTrue(text.contains("event: loyalty.discount_pending\nid: "), text)
            XCTAssertTrue(text.contains(#""discountId":"\#(discountId)""#), text)
            XCTAssertTrue(text.contains("event: loyalty.discount_applied\nid: "), text)
            let pending = try XCTUnwrap(text.range(of: "event: loyalty.discount_pending"))
            let applied = try XCTUnwrap(text.range(of: "event: loyalty.discount_applied"))
            XCTAssertLessThan(pending.lowerBound, applied.lowerBound, "in sequence order")
            XCTAssertTrue(text.contains(#""storeId":\#(storeId)"#), text)
            XCTAssertTrue(text.contains(": heartbeat"), text)
        }
    }
}
