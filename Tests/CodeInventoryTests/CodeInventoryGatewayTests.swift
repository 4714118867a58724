import CodeInventory
import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import ServiceKit
import TestSupport
import XCTest

/// REST through the real gateway (router + live HTTP server) to the real service over the bus.
final class CodeInventoryGatewayTests: XCTestCase {
    static let secret = "ci-gateway-secret-0123456789-0123456789"

    struct Setup {
        let service: CodeInventoryHarness
        let gateway: GatewayApp
        let supreme: String
        let admin: String
        let user: String
    }

    /// Starts the service and a gateway in front of it, runs `body` and stops both, also when `body`
    /// throws. `extra` adds gateway settings, `serviceExtra` the service's.
    func withSetup(extra: [String: String] = [:], serviceExtra: [String: String] = [:], _ body: (Setup) async throws -> Void) async throws {
        try await withCodeInventory(extra: serviceExtra) { service in
            var values = [
                "CODE_INVENTORY_RPC_URL": service.rpcURL, "JWT_SECRET": Self.secret,
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
            ]
            values.merge(extra) { _, new in new }
            var logger = Logger(label: "ci-gateway")
            logger.logLevel = .warning
            let gateway = try await GatewayApp(config: GatewayConfig(environment: ServiceEnvironment(values)), logger: logger)
            try await withStarted(gateway, stop: { $0.backends.close() }) { gateway in
                try await body(
                    Setup(
                        service: service,
                        gateway: gateway,
                        supreme: try await Self.token(["supreme"]),
                        admin: try await Self.token(["admin"]),
                        user: try await Self.token(["user"])
                    )
                )
            }
        }
    }

    static func token(_ roles: [String]) async throws -> String {
        let authenticator = try await Authenticator(secret: secret)
        return try await authenticator.sign(
            GatewayClaims(
                sub: SubjectClaim(value: "tester"),
                exp: ExpirationClaim(value: Date().addingTimeInterval(600)),
                roles: roles
            )
        )
    }

    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func error(_ buffer: ByteBuffer) -> [String: Any] { json(buffer)["error"] as? [String: Any] ?? [:] }

    private static func violationFields(_ buffer: ByteBuffer) -> [String] {
        (error(buffer)["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func auth(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)"]
        fields.append(contentsOf: extra)
        return fields
    }

    func test_csvUpload_streamsInChunks_thenReserveAssignReleaseCount_overREST() async throws {
        // 4 KiB chunks: the 120 KB body crosses the bus as ~30 chunk messages.
        try await withSetup(extra: ["GATEWAY_UPLOAD_CHUNK_BYTES": "4096"]) { setup in
            let csv = "\u{FEFF}code,comment\r\n" + (0..<10_000).map { "R-\(String(format: "%05d", $0)),\"x, y\"\r\n" }.joined() + "R-00000\r\n"
            let app = Application(router: setup.gateway.router())
            try await app.test(.live) { client in
                try await client.execute(
                    uri: "/api/campaigns/rest-1/codes?type=tm",
                    method: .post,
                    headers: Self.auth(setup.supreme, [.contentType: "text/csv; charset=utf-8"]),
                    body: ByteBuffer(string: csv)
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["campaignId"] as? String, "rest-1")
                    XCTAssertEqual(body["type"] as? String, "tm")
                    // The header row is a value like any other (only the first column counts).
                    XCTAssertEqual(body["rows"] as? Int, 10_002)
                    XCTAssertEqual(body["inserted"] as? Int, 10_001)
                    XCTAssertEqual(body["duplicates"] as? Int, 1)
                    XCTAssertEqual(body["rejected"] as? Int, 0)
                }
                var reserveId = ""
                var codes: [String] = []
                try await client.execute(uri: "/api/campaigns/rest-1/reserve?type=tm&count=3", method: .get, headers: Self.auth(setup.supreme)) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    reserveId = body["reserveId"] as? String ?? ""
                    codes = body["codes"] as? [String] ?? []
                    XCTAssertEqual(Set(body.keys), ["reserveId", "codes"])
                }
                XCTAssertEqual(codes.count, 3)
                try await client.execute(uri: "/api/campaigns/rest-1/reserve?type=tm&count=2", method: .post, headers: Self.auth(setup.supreme)) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                }
                let assign = #"{"type":"tm","assignments":[{"code":"\#(codes[0])","userId":"fan-1"},{"code":"nope","userId":"fan-2"}]}"#
                try await client.execute(
                    uri: "/api/campaigns/rest-1/assign",
                    method: .post,
                    headers: Self.auth(setup.supreme),
                    body: ByteBuffer(string: assign)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["assigned"] as? [String], [codes[0]])
                    XCTAssertEqual((body["failed"] as? [[String: String]]) ?? [], [["code": "nope", "reason": "unknown_code"]])
                }
                try await client.execute(
                    uri: "/api/campaigns/rest-1/release",
                    method: .post,
                    headers: Self.auth(setup.supreme),
                    body: ByteBuffer(string: #"{"type":"tm","reserveId":"\#(reserveId)"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Set(Self.json(response.body)["released"] as? [String] ?? []), Set(codes.dropFirst()))
                    XCTAssertEqual(
                        (Self.json(response.body)["failed"] as? [[String: String]]) ?? [],
                        [["code": codes[0], "reason": "already_assigned"]]
                    )
                }
                try await client.execute(
                    uri: "/api/campaigns/rest-1/release",
                    method: .post,
                    headers: Self.auth(setup.supreme),
                    body: ByteBuffer(string: #"{"type":"tm","reserveId":"\#(reserveId)"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .notFound, "released already")
                    let error = Self.json(response.body)["error"] as? [String: Any]
                    XCTAssertEqual(error?["code"] as? String, "NOT_FOUND")
                }
                try await client.execute(uri: "/api/campaigns/rest-1/codes/count", method: .get, headers: Self.auth(setup.supreme)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let text = String(buffer: response.body)
                    XCTAssertEqual(text, #"{"tm":{"available":9998,"reserved":2,"assigned":1},"external":{"available":0,"reserved":0,"assigned":0}}"#)
                }
                try await client.execute(uri: "/api/campaigns/rest-1/codes/count?type=tm", method: .get, headers: Self.auth(setup.supreme)) {
                    response in
                    XCTAssertEqual(String(buffer: response.body), #"{"tm":{"available":9998,"reserved":2,"assigned":1}}"#)
                }
            }
        }
    }

    func test_jsonFileKeyImport_andUploadLimit() async throws {
        try await withSetup(extra: ["GATEWAY_UPLOAD_LIMIT_BYTES": "1000"]) { setup in
            let folder = setup.service.objectDirectory.appendingPathComponent("codes/rest-2/external")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("E1\nE2\nE1\n".utf8).write(to: folder.appendingPathComponent("f.csv"))
            try await Application(router: setup.gateway.router()).test(.router) { client in
                try await client.execute(
                    uri: "/api/campaigns/rest-2/codes",
                    method: .post,
                    headers: Self.auth(setup.supreme),
                    body: ByteBuffer(string: #"{"fileKey":"codes/rest-2/external/f.csv"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(
                        String(buffer: response.body),
                        #"{"campaignId":"rest-2","type":"external","rows":3,"inserted":2,"duplicates":1,"rejected":0}"#
                    )
                }
                try await client.execute(
                    uri: "/api/campaigns/rest-2/codes?type=tm",
                    method: .post,
                    headers: Self.auth(setup.supreme, [.contentType: "text/csv"]),
                    body: ByteBuffer(string: String(repeating: "ABCDEFGHI\n", count: 200))
                ) { response in
                    XCTAssertEqual(response.status, .contentTooLarge)
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "RESOURCE_EXHAUSTED")
                }
            }
        }
    }

    func test_badInput_is400_withViolations_andNothingWritten() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.router) { client in
                let cases: [(String, HTTPRequest.Method, String?, [String])] = [
                    ("/api/campaigns/bad/reserve?type=vip&count=1", .get, nil, ["type"]),
                    ("/api/campaigns/bad/reserve?type=tm&count=0", .get, nil, ["count"]),
                    ("/api/campaigns/bad/reserve?type=tm&count=1001", .post, nil, ["count"]),
                    ("/api/campaigns/bad/reserve?count=5", .get, nil, ["type"]),
                    ("/api/campaigns/bad/reserve?type=tm&count=abc", .get, nil, ["count"]),
                    ("/api/campaigns/bad/assign", .post, #"{"type":"tm","assignments":[{"code":"A"}]}"#, ["assignments[0].userId"]),
                    ("/api/campaigns/bad/assign", .post, #"{"type":"tm"}"#, ["assignments"]),
                    ("/api/campaigns/bad/release", .post, #"{"type":"external"}"#, ["codes"]),
                    ("/api/campaigns/bad/codes/count?type=gold", .get, nil, ["type"]),
                    ("/api/campaigns/bad/codes", .post, #"{"fileKey":"codes/bad/gold/x.csv"}"#, ["fileKey"]),
                    ("/api/campaigns/bad/codes", .post, #"{}"#, ["fileKey"]),
                ]
                for (uri, method, body, fields) in cases {
                    try await client.execute(uri: uri, method: method, headers: Self.auth(setup.supreme), body: body.map { ByteBuffer(string: $0) }) {
                        response in
                        XCTAssertEqual(response.status, .badRequest, uri)
                        XCTAssertEqual(Self.error(response.body)["code"] as? String, "INVALID_ARGUMENT", uri)
                        XCTAssertEqual(Self.violationFields(response.body), fields, uri)
                    }
                }
                try await client.execute(
                    uri: "/api/campaigns/bad/codes?type=gold",
                    method: .post,
                    headers: Self.auth(setup.supreme, [.contentType: "text/csv"]),
                    body: ByteBuffer(string: "A\nB\n")
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    XCTAssertEqual(Self.violationFields(response.body), ["type"])
                }
                try await client.execute(uri: "/api/campaigns/bad/reserve?type=tm&count=1", method: .get, headers: Self.auth(setup.supreme)) {
                    response in
                    XCTAssertEqual(response.status, .conflict, "nothing to reserve")
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "ABORTED")
                }
            }
            let stored = try await setup.service.storedCodes("bad")
            XCTAssertEqual(stored, 0)
            let topics = try await setup.service.outboxTopics()
            XCTAssertEqual(topics, [])
        }
    }

    func test_401WithoutToken_403WithoutRole() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.router) { client in
                let routes: [(String, HTTPRequest.Method, String)] = [
                    ("/api/campaigns/a/codes?type=tm", .post, "supreme"), ("/api/campaigns/a/reserve?type=tm&count=1", .get, "supreme"),
                    ("/api/campaigns/a/reserve?type=tm&count=1", .post, "supreme"), ("/api/campaigns/a/assign", .post, "supreme"),
                    ("/api/campaigns/a/release", .post, "supreme"), ("/api/campaigns/a/codes/count", .get, "supreme"),
                    ("/api/promo-codes", .post, "admin"), ("/api/promo-codes", .get, "admin"), ("/api/promo-codes/X", .get, "admin"),
                ]
                for (uri, method, role) in routes {
                    try await client.execute(uri: uri, method: method) { response in
                        XCTAssertEqual(response.status, .unauthorized, uri)
                        XCTAssertEqual(Self.error(response.body)["code"] as? String, "UNAUTHENTICATED")
                    }
                    let wrong = role == "supreme" ? setup.admin : setup.supreme
                    for token in [setup.user, wrong] {
                        try await client.execute(uri: uri, method: method, headers: Self.auth(token)) { response in
                            XCTAssertEqual(response.status, .forbidden, uri)
                        }
                    }
                }
            }
        }
    }

    func test_promoAdminRoutes() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.router) { client in
                let create =
                    #"{"code":"spring","benefit":{"credits":500},"maxRedemptions":100,"validFrom":"2026-01-01T00:00:00Z","validUntil":"2026-03-01T00:00:00Z"}"#
                try await client.execute(uri: "/api/promo-codes", method: .post, headers: Self.auth(setup.admin), body: ByteBuffer(string: create)) {
                    response in
                    XCTAssertEqual(response.status, .created)
                    XCTAssertEqual(
                        String(buffer: response.body),
                        #"{"code":"SPRING","benefit":{"credits":500},"maxRedemptions":100,"redemptions":0,"validFrom":"2026-01-01T00:00:00.000Z","validUntil":"2026-03-01T00:00:00.000Z","active":true,"createdAt":"2026-01-01T00:00:00.000Z"}"#
                    )
                }
                try await client.execute(uri: "/api/promo-codes", method: .post, headers: Self.auth(setup.admin), body: ByteBuffer(string: create)) {
                    response in
                    XCTAssertEqual(response.status, .conflict)
                }
                let tier = #"{"code":"PRO-WEEK","benefit":{"tier":"pro","days":7},"maxRedemptions":10,"validUntil":"2026-03-01T00:00:00Z"}"#
                try await client.execute(uri: "/api/promo-codes", method: .post, headers: Self.auth(setup.admin), body: ByteBuffer(string: tier)) {
                    response in
                    XCTAssertEqual(response.status, .created)
                    let benefit = Self.json(response.body)["benefit"] as? [String: Any] ?? [:]
                    XCTAssertEqual(Set(benefit.keys), ["tier", "days"])
                    XCTAssertEqual(benefit["tier"] as? String, "pro")
                    XCTAssertEqual(benefit["days"] as? Int, 7)
                }
                try await client.execute(uri: "/api/promo-codes/spring", method: .get, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["code"] as? String, "SPRING")
                }
                try await client.execute(uri: "/api/promo-codes?limit=1", method: .get, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    XCTAssertEqual((body["promoCodes"] as? [[String: Any]])?.compactMap { $0["code"] as? String }, ["PRO-WEEK"])
                    XCTAssertFalse((body["nextCursor"] as? String ?? "").isEmpty)
                }
                try await client.execute(uri: "/api/promo-codes/NOPE", method: .get, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .notFound)
                }
            }
        }
    }
}
