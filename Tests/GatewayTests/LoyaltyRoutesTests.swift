import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

/// Literal path segments win over parameters in the route table: `/api/customers/me` is the
/// caller's own card, not a card numbered "me", and `/api/stores/{storeId}/discounts/stream` is the
/// event stream, not a discount numbered "stream".
final class LoyaltyRoutesTests: XCTestCase {
    static let botToken = "12345:gw-routes-bot-token"
    static let initData = HTTPField.Name("X-Telegram-Init-Data")!

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    func test_customersMe_reachesTheOwnCardRpcs_andACardNumberReachesGetCustomer() async throws {
        try await withGateway(environment: ["TELEGRAM_BOT_TOKEN": Self.botToken]) { harness in
            let telegram = TelegramInitDataVerifier(botToken: Self.botToken)
            let me = telegram.sign(["auth_date": String(Int(Date().timeIntervalSince1970)), "user": #"{"id":42,"first_name":"A"}"#])
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/customers/me", method: .get, headers: [Self.initData: me]) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["card"] as? String, "own")
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "telegram:42")
                }
                try await client.execute(
                    uri: "/api/customers/me",
                    method: .patch,
                    headers: [Self.initData: me, .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"name":"Olga"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "Olga")
                }
                try await client.execute(uri: "/api/customers/123456", method: .get, headers: [Self.initData: me]) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["card"] as? String, "123456")
                    XCTAssertEqual(Self.json(response.body)["name"] as? String, "GetCustomer")
                }
                // /api/customers/{card} takes any credential; /api/customers/me only Telegram's.
                try await client.execute(uri: "/api/customers/me", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
            }
        }
    }

    func test_discountById_andTheDiscountStream_eachReachTheirOwnRoute() async throws {
        try await withGateway(environment: ["GATEWAY_STREAM_MAX_SECONDS": "1"]) { harness in
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/stores/7/discounts/5", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["id"] as? String, "5")
                    XCTAssertEqual(body["storeId"] as? Int, 7)
                    XCTAssertEqual(body["status"] as? String, "pending")
                }
                try await client.execute(uri: "/api/stores/7/discounts/stream", method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(response.headers[.contentType], "text/event-stream")
                }
                try await client.execute(uri: "/api/stores/7/discounts/abc", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                    XCTAssertEqual(response.status, .badRequest)
                }
            }
        }
    }
}
