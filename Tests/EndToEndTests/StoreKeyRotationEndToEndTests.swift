import Foundation
import TestSupport
import XCTest

/// A store's API key rotated through one gateway stops working at once on both gateways, though
/// each had it cached for an hour: loyalty's `loyalty.store_key_rotated` drops it (outbox → bus →
/// every gateway's event reader); the new key works everywhere.
final class StoreKeyRotationEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let base = 19620

    func test_rotatedKey_isRefusedAtOnceOnEveryGateway_andTheNewKeyWorks() async throws {
        // An hour of key cache: within this test only the rotation event can drop the old key.
        try await withCluster(base: Self.base, databaseURL: Self.databaseURL, extra: ["STORE_KEY_CACHE_SECONDS": "3600"]) { cluster in
            try cluster.start("loyalty")
            try cluster.start("gateway")
            try cluster.start("gateway-2", binary: "gateway", extra: ["GATEWAY_PORT": String(Self.base + 9)])
            let gateways = ["http://127.0.0.1:\(Self.base)", "http://127.0.0.1:\(Self.base + 9)"]
            for gateway in gateways {
                try await eventually("loyalty healthy through \(gateway)", timeout: .seconds(30), every: .milliseconds(100)) {
                    try await Cluster.http("GET", "\(gateway)/api/health/loyalty").0 == 200
                }
            }
            let admin = ["Authorization": "Bearer \(try await cluster.token(subject: "e2e-admin", roles: ["admin"]))"]
            let (created, storeData) = try await Cluster.http("POST", "\(gateways[0])/api/admin/stores", headers: admin, json: ["name": "Rotating"])
            XCTAssertEqual(created, 201)
            let store = Cluster.object(storeData)
            let storeId = try XCTUnwrap(store["id"] as? Int)
            let oldKey = try XCTUnwrap(store["apiKey"] as? String)

            func session(_ gateway: String, key: String) async throws -> (Int, [String: Any]) {
                let (status, data) = try await Cluster.http("GET", "\(gateway)/api/cashier/session", headers: ["x-store-api-key": key])
                return (status, Cluster.object(data))
            }
            // Both gateways resolve and cache the old key.
            for gateway in gateways {
                let (status, body) = try await session(gateway, key: oldKey)
                XCTAssertEqual(status, 200, gateway)
                XCTAssertEqual(body["kind"] as? String, "store_key")
                XCTAssertEqual((body["stores"] as? [[String: Any]])?.first?["id"] as? Int, storeId)
            }

            let (rotated, rotatedData) = try await Cluster.http("POST", "\(gateways[1])/api/admin/stores/\(storeId)/key", headers: admin, json: [:])
            XCTAssertEqual(rotated, 200, String(decoding: rotatedData, as: UTF8.self))
            let newKey = try XCTUnwrap(Cluster.object(rotatedData)["apiKey"] as? String)
            XCTAssertNotEqual(newKey, oldKey)

            for gateway in gateways {
                try await eventually("the old key refused by \(gateway)", timeout: .seconds(10), every: .milliseconds(50)) {
                    try await session(gateway, key: oldKey).0 == 401
                }
                let (status, body) = try await session(gateway, key: newKey)
                XCTAssertEqual(status, 200, gateway)
                XCTAssertEqual((body["stores"] as? [[String: Any]])?.first?["id"] as? Int, storeId)
            }
            XCTAssertTrue(cluster.log("gateway").contains("API key was rotated"), cluster.log("gateway"))
        }
    }
}
