import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Markets
import ServiceKit
import XCTest

/// Bets over REST through the real gateway to the real service: statuses, reply shapes and errors.
final class BettingGatewayTests: XCTestCase {
    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func error(_ buffer: ByteBuffer) -> [String: Any] { json(buffer)["error"] as? [String: Any] ?? [:] }

    private static func token(_ subject: String, roles: [String]) async throws -> String {
        let authenticator = try await Authenticator(secret: MarketsHarness.secret)
        return try await authenticator.sign(
            GatewayClaims(
                sub: SubjectClaim(value: subject),
                exp: ExpirationClaim(value: Date().addingTimeInterval(600)),
                roles: roles
            )
        )
    }

    func test_betSellResolveAndBoards_overREST() async throws {
        try await withMarkets { service in
            try await service.withGateway { gateway in
                let alice = try await service.signup("rest_alice")
                let user = try await Self.token(alice.user!.id, roles: ["user"])
                let admin = try await Self.token(UUID().uuidString.lowercased(), roles: ["admin"])
                let market = try await service.quotedMarket()
                let closed = try await service.quotedMarket(status: "closed")
                let app = Application(router: gateway.router())
                try await app.test(.live) { client in
                    let auth: HTTPFields = [.authorization: "Bearer \(user)", .contentType: "application/json"]
                    var betId = ""
                    try await client.execute(
                        uri: "/api/v1/bets",
                        method: .post,
                        headers: auth,
                        body: ByteBuffer(string: #"{"marketId":"\#(market)","outcome":"YES","amount":100}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .created, String(buffer: response.body))
                        let bet = Self.json(response.body)
                        betId = bet["id"] as? String ?? ""
                        XCTAssertEqual(bet["marketId"] as? String, market)
                        XCTAssertEqual(bet["outcome"] as? String, "YES")
                        XCTAssertEqual(bet["amount"] as? Int, 100)
                        XCTAssertEqual(bet["shares"] as? String, "166.666666")
                        XCTAssertEqual(bet["price"] as? Double, 0.6)
                        XCTAssertEqual(bet["status"] as? String, "open")
                    }
                    for body in [
                        #"{"marketId":"\#(market)","outcome":"YES","amount":10.5}"#, #"{"marketId":"\#(market)","outcome":"YES","amount":"lots"}"#,
                        #"{"marketId":"\#(market)","outcome":"YES","amount":99999999999}"#, #"{"marketId":"\#(market)","outcome":"YES","amount":5}"#,
                    ] {
                        try await client.execute(uri: "/api/v1/bets", method: .post, headers: auth, body: ByteBuffer(string: body)) { response in
                            XCTAssertEqual(response.status, .badRequest, body)
                            let violations = Self.error(response.body)["violations"] as? [[String: Any]] ?? []
                            XCTAssertEqual(violations.first?["field"] as? String, "amount", body)
                        }
                    }
                    try await client.execute(
                        uri: "/api/v1/bets",
                        method: .post,
                        headers: auth,
                        body: ByteBuffer(string: #"{"marketId":"\#(closed)","outcome":"YES","amount":10}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .conflict)
                        XCTAssertEqual(Self.error(response.body)["reason"] as? String, "MARKET_CLOSED")
                    }
                    try await client.execute(
                        uri: "/api/v1/bets/\(betId)/sell",
                        method: .post,
                        headers: auth,
                        body: ByteBuffer(string: #"{"shares":"50"}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let sale = Self.json(response.body)
                        XCTAssertEqual(sale["betId"] as? String, betId)
                        XCTAssertEqual(sale["sharesSold"] as? String, "50.000000")
                        XCTAssertEqual(sale["proceeds"] as? Int, 30)
                        XCTAssertEqual(sale["credits"] as? Int, 930)
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/resolve",
                        method: .post,
                        headers: auth,
                        body: ByteBuffer(string: #"{"outcome":"YES"}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .forbidden)
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/resolve",
                        method: .post,
                        headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                        body: ByteBuffer(string: #"{"outcome":"YES"}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        XCTAssertEqual(Self.json(response.body)["creditsPaid"] as? Int, 116)
                    }
                    try await client.execute(uri: "/api/v1/bets/me?status=won", method: .get, headers: auth) { response in
                        let bets = Self.json(response.body)["bets"] as? [[String: Any]] ?? []
                        XCTAssertEqual(bets.map { $0["id"] as? String }, [betId])
                    }
                    try await client.execute(uri: "/api/v1/transactions/me?limit=2", method: .get, headers: auth) { response in
                        let page = Self.json(response.body)
                        XCTAssertEqual((page["transactions"] as? [[String: Any]])?.map { $0["type"] as? String ?? "" }, ["payout", "sale"])
                        XCTAssertFalse((page["nextCursor"] as? String ?? "").isEmpty)
                    }
                    try await client.execute(uri: "/api/v1/leaderboard/pnl?period=all&limit=5", method: .get) { response in
                        let board = Self.json(response.body)
                        XCTAssertEqual(board["staleSeconds"] as? Int, 1)
                        let entries = board["entries"] as? [[String: Any]] ?? []
                        XCTAssertEqual(entries.first?["username"] as? String, "rest_alice")
                        XCTAssertEqual(entries.first?["value"] as? Int, 46)  // −100 + 30 + 116
                        XCTAssertEqual(entries.first?["rank"] as? Int, 1)
                    }
                    try await client.execute(uri: "/api/v1/leaderboard/me?period=week", method: .get, headers: auth) { response in
                        XCTAssertEqual((Self.json(response.body)["volume"] as? [String: Any])?["value"] as? Int, 100)
                    }
                }
            }
        }
    }

    func test_mktResolution_conflicts_andUnresolve_overREST() async throws {
        try await withMarkets { service in
            try await service.withGateway { gateway in
                let bettor = try await service.signup("rest_bob")
                let user: HTTPFields = [
                    .authorization: "Bearer \(try await Self.token(bettor.user!.id, roles: ["user"]))", .contentType: "application/json",
                ]
                let admin: HTTPFields = [
                    .authorization: "Bearer \(try await Self.token(UUID().uuidString.lowercased(), roles: ["admin"]))",
                    .contentType: "application/json",
                ]
                let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
                _ = try await service.bet(bettor, market, "YES", 100)  // 200 shares
                let app = Application(router: gateway.router())
                try await app.test(.live) { client in
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/resolve",
                        method: .post,
                        headers: admin,
                        body: ByteBuffer(string: #"{"outcome":"MKT","probabilityMicros":250000}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let reply = Self.json(response.body)
                        XCTAssertEqual(reply["outcome"] as? String, "MKT")
                        XCTAssertEqual(reply["probabilityMicros"] as? Int, 250_000)
                        XCTAssertEqual(reply["creditsPaid"] as? Int, 50)
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/resolve",
                        method: .post,
                        headers: admin,
                        body: ByteBuffer(string: #"{"outcome":"YES"}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .conflict)
                        XCTAssertEqual(Self.error(response.body)["reason"] as? String, "ALREADY_RESOLVED")
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/unresolve",
                        method: .post,
                        headers: user,
                        body: ByteBuffer(string: "{}")
                    ) { response in
                        XCTAssertEqual(response.status, .forbidden)
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/unresolve",
                        method: .post,
                        headers: admin,
                        body: ByteBuffer(string: "{}")
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let reply = Self.json(response.body)
                        XCTAssertEqual(reply["previousOutcome"] as? String, "MKT")
                        XCTAssertEqual(reply["status"] as? String, "open")
                        XCTAssertEqual(reply["creditsReversed"] as? Int, 50)
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/unresolve",
                        method: .post,
                        headers: admin,
                        body: ByteBuffer(string: "{}")
                    ) { response in
                        XCTAssertEqual(response.status, .conflict)
                        XCTAssertEqual(Self.error(response.body)["reason"] as? String, "NOT_RESOLVED")
                    }
                    try await client.execute(
                        uri: "/api/v1/admin/markets/\(market)/resolve",
                        method: .post,
                        headers: admin,
                        body: ByteBuffer(string: #"{"outcome":"YES"}"#)
                    ) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        XCTAssertEqual(Self.json(response.body)["creditsPaid"] as? Int, 200)
                    }
                }
                let credits = try await service.credits(bettor)
                XCTAssertEqual(credits, 1100)
                try await service.assertMoneyInvariant()
            }
        }
    }
}
