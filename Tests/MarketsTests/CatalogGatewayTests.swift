import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import ServiceKit
import XCTest

@testable import Markets

/// The catalog over REST: the real gateway (route table, JSON transcoding, status mapping) in front
/// of the real service on the bus.
final class CatalogGatewayTests: XCTestCase {
    private static func token(_ roles: [String]) async throws -> String {
        let authenticator = try await Authenticator(secret: MarketsHarness.secret)
        return try await authenticator.sign(
            GatewayClaims(
                sub: SubjectClaim(value: "00000000-0000-0000-0000-0000000000ad"),
                exp: ExpirationClaim(value: Date().addingTimeInterval(600)),
                roles: roles
            )
        )
    }

    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func violations(_ buffer: ByteBuffer) -> [String] {
        ((json(buffer)["error"] as? [String: Any])?["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    func test_catalogRoutes_answerTheOriginalsJSONShapes_andStatuses() async throws {
        try await withMarkets { service in
            try await service.withGateway { gateway in
                let admin: HTTPFields = [.authorization: "Bearer \(try await Self.token(["admin"]))"]
                let user: HTTPFields = [.authorization: "Bearer \(try await Self.token(["user"]))"]
                let app = Application(router: gateway.router())
                try await app.test(.live) { client in
                    try await client.execute(uri: "/api/v1/markets/ingest", method: .post, headers: user) { response in
                        XCTAssertEqual(response.status, .forbidden)
                    }
                    try await client.execute(uri: "/api/v1/markets/ingest", method: .post, headers: admin) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        XCTAssertEqual(Self.json(response.body)["created"] as? Int, 36)
                    }
                    var marketId = ""
                    try await client.execute(uri: "/api/v1/markets?category=crypto&search=dogecoin&limit=5", method: .get) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let page = Self.json(response.body)
                        XCTAssertEqual(page["total"] as? Int, 1)
                        let market = try XCTUnwrap((page["markets"] as? [[String: Any]])?.first)
                        marketId = try XCTUnwrap(market["id"] as? String)
                        XCTAssertEqual(market["question"] as? String, "Will Dogecoin trade above $1 at any point in 2027?")
                        XCTAssertEqual(market["category"] as? String, "Crypto")
                        XCTAssertEqual(market["status"] as? String, "open")
                        XCTAssertEqual(market["source"] as? String, "polymarket")
                        XCTAssertEqual(market["closeTime"] as? String, "2027-12-31T23:59:59.000Z")
                        let outcomes = try XCTUnwrap(market["outcomes"] as? [[String: Any]])
                        XCTAssertEqual(outcomes.map { $0["name"] as? String }, ["Yes", "No"])
                        XCTAssertEqual(outcomes.map { $0["price"] as? Double }, [0.0245, 0.9755])
                        XCTAssertEqual(outcomes.map { $0["priceMicros"] as? Int }, [24_500, 975_500])
                    }
                    try await client.execute(uri: "/api/v1/markets/\(marketId)/full", method: .get) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let full = Self.json(response.body)
                        XCTAssertEqual((full["market"] as? [String: Any])?["id"] as? String, marketId)
                        XCTAssertEqual((full["live"] as? [String: Any])?["source"] as? String, "polymarket")
                    }
                    try await client.execute(uri: "/api/v1/markets/categories", method: .get) { response in
                        let categories = Self.json(response.body)["categories"] as? [[String: Any]] ?? []
                        XCTAssertEqual(categories.first?["slug"] as? String, "sports")
                        XCTAssertEqual(categories.first?["markets"] as? Int, 7)
                    }
                    try await client.execute(uri: "/api/v1/markets/category/pop-culture", method: .get) { response in
                        XCTAssertEqual(Self.json(response.body)["total"] as? Int, 5)
                    }
                    try await client.execute(uri: "/api/v1/markets/random?count=3", method: .get) { response in
                        XCTAssertEqual((Self.json(response.body)["markets"] as? [Any])?.count, 3)
                    }
                    try await client.execute(uri: "/api/v1/markets/not-a-uuid", method: .get) { response in
                        XCTAssertEqual(response.status, .badRequest)
                        XCTAssertEqual(Self.violations(response.body), ["id"])
                    }
                    try await client.execute(uri: "/api/v1/markets/\(UUID().uuidString)", method: .get) { response in
                        XCTAssertEqual(response.status, .notFound)
                    }
                    let create =
                        #"{"question":"Will the gateway create this market?","category":"Meta","outcomes":["YES","NO"],"initialProbability":0.42,"liquidity":250}"#
                    try await client.execute(uri: "/api/v1/admin/markets", method: .post, headers: user, body: ByteBuffer(string: create)) {
                        response in
                        XCTAssertEqual(response.status, .forbidden)
                    }
                    try await client.execute(uri: "/api/v1/admin/markets", method: .post, headers: admin, body: ByteBuffer(string: create)) {
                        response in
                        XCTAssertEqual(response.status, .created, String(buffer: response.body))
                        let market = Self.json(response.body)
                        XCTAssertEqual(market["source"] as? String, "admin")
                        XCTAssertEqual((market["outcomes"] as? [[String: Any]])?.map { $0["price"] as? Double }, [0.42, 0.58])
                    }
                    let bad = #"{"question":"<b>hi</b>","category":"Meta","initialProbability":0,"liquidity":50}"#
                    try await client.execute(uri: "/api/v1/admin/markets", method: .post, headers: admin, body: ByteBuffer(string: bad)) { response in
                        XCTAssertEqual(response.status, .badRequest)
                        XCTAssertEqual(Self.violations(response.body), ["question", "initialProbability", "liquidity"])
                    }
                    for path in ["polymarket-rate-limit", "polymarket-circuit-breaker", "external-apis"] {
                        try await client.execute(uri: "/api/v1/monitoring/\(path)", method: .get, headers: admin) { response in
                            XCTAssertEqual(response.status, .ok, path)
                        }
                    }
                    try await client.execute(uri: "/api/v1/monitoring/polymarket-circuit-breaker", method: .get, headers: admin) { response in
                        XCTAssertEqual(Self.json(response.body)["state"] as? String, "closed")
                    }
                }
            }
        }
    }
}
