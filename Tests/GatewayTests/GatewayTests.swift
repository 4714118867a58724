import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

final class GatewayTests: XCTestCase {
    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func error(_ buffer: ByteBuffer) -> [String: Any] {
        Self.json(buffer)["error"] as? [String: Any] ?? [:]
    }

    func test_adminRoute_withoutToken_is401_withErrorBody() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/admin/loyalty/echo", method: .post, body: ByteBuffer(string: #"{"text":"x"}"#)) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "UNAUTHENTICATED")
                }
            }
        }
    }

    func test_adminRoute_withoutRole_is403_expiredToken_is401() async throws {
        try await withGateway { harness in
            let user = try await GatewayTestHarness.token(roles: ["user"])
            let expired = try await GatewayTestHarness.token(roles: ["admin"], expiresIn: -60)
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(user)"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .forbidden)
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "PERMISSION_DENIED")
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(expired)"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer not.a.jwt"],
                    body: ByteBuffer(string: #"{"text":"x"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
            }
        }
    }

    func test_validToken_passesPrincipalAndRequestIdToTheService() async throws {
        try await withGateway { harness in
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin", "user"])
            let requestId = HTTPField.Name("X-Request-Id")!
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)", requestId: "req-42"],
                    body: ByteBuffer(string: #"{"text":"who"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(Self.json(response.body)["text"] as? String, "alice|admin,user|req-42")
                    XCTAssertEqual(response.headers[requestId], "req-42")
                }
                try await client.execute(uri: "/healthz", method: .get) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(response.headers[requestId]?.count, 36, "a request id is generated when none is given")
                }
            }
        }
    }

    func test_badJSON_is400_withFieldViolations() async throws {
        try await withGateway { harness in
            let admin = try await GatewayTestHarness.token(roles: ["admin"])
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: #"{"text":[5],"bogus":true}"#)
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    let error = Self.error(response.body)
                    XCTAssertEqual(error["code"] as? String, "INVALID_ARGUMENT")
                    let fields = (error["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }.sorted()
                    XCTAssertEqual(fields, ["bogus", "text"])
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: #"{"text":"#)
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                }
            }
        }
    }

    func test_serviceErrors_mapToHTTP_andInternalErrorsAreNotLeaked() async throws {
        try await withGateway { harness in
            let admin = try await GatewayTestHarness.token(roles: ["admin"])
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: #"{"text":"fail"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "FAILED_PRECONDITION")
                    XCTAssertEqual(Self.error(response.body)["message"] as? String, "not now")
                }
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: #"{"text":"crash"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .internalServerError)
                    XCTAssertEqual(Self.error(response.body)["message"] as? String, "internal error")
                }
            }
        }
    }

    func test_bodyOverTheLimit_is413() async throws {
        try await withGateway(environment: ["GATEWAY_BODY_LIMIT_BYTES": "1024"]) { harness in
            let admin = try await GatewayTestHarness.token(roles: ["admin"])
            try await harness.application().test(.router) { client in
                let big = #"{"text":""# + String(repeating: "a", count: 4096) + #""}"#
                try await client.execute(
                    uri: "/api/admin/loyalty/echo",
                    method: .post,
                    headers: [.authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: big)
                ) { response in
                    XCTAssertEqual(response.status, .contentTooLarge)
                    XCTAssertEqual(Self.error(response.body)["code"] as? String, "RESOURCE_EXHAUSTED")
                }
            }
        }
    }

    func test_rateLimit_answers429_withRetryAfter() async throws {
        try await withGateway(environment: ["GATEWAY_RATE_LIMIT_PER_SECOND": "1", "GATEWAY_RATE_LIMIT_BURST": "3"]) { harness in
            try await harness.application().test(.router) { client in
                var statuses: [HTTPResponse.Status] = []
                var retryAfter: String?
                for _ in 0..<5 {
                    let response = try await client.execute(uri: "/healthz", method: .get)
                    statuses.append(response.status)
                    if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
                }
                XCTAssertEqual(statuses.prefix(3), [.ok, .ok, .ok])
                XCTAssertEqual(statuses.last, .tooManyRequests)
                XCTAssertNotNil(retryAfter.flatMap(Int.init))
            }
        }
    }

    func test_readyz_whileDraining_is503_andRequestsAreStillServed() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { XCTAssertEqual($0.status, .ok) }
                harness.gateway.drain.begin()
                try await client.execute(uri: "/readyz", method: .get) { response in
                    XCTAssertEqual(response.status, .serviceUnavailable, "a load balancer stops sending new clients")
                    XCTAssertEqual(Self.json(response.body)["status"] as? String, "draining")
                }
                try await client.execute(uri: "/healthz", method: .get) { XCTAssertEqual($0.status, .ok, "alive while draining") }
                try await client.execute(uri: "/api/health/loyalty", method: .get) {
                    XCTAssertEqual($0.status, .ok, "requests in the drain window are still answered")
                }
            }
        }
    }

    func test_readyz_is200Degraded_namingTheServicesThatAreDown_andStrictIs503() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                for uri in ["/readyz", "/readyz?strict=0"] {
                    try await client.execute(uri: uri, method: .get) { response in
                        XCTAssertEqual(response.status, .ok, "the gateway serves what is up")
                        let body = Self.json(response.body)
                        XCTAssertEqual(body["status"] as? String, "degraded")
                        XCTAssertEqual(Set(body["down"] as? [String] ?? []), ["code-inventory", "claimer", "markets", "scheduler"])
                        let services = body["services"] as? [String: Any]
                        XCTAssertEqual((services?["loyalty"] as? [String: Any])?["status"] as? String, "up")
                        XCTAssertEqual((services?["loyalty"] as? [String: Any])?["healthy"] as? Bool, true)
                        XCTAssertEqual((services?["markets"] as? [String: Any])?["status"] as? String, "down")
                    }
                }
                try await client.execute(uri: "/readyz?strict=1", method: .get) { response in
                    XCTAssertEqual(response.status, .serviceUnavailable)
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["status"] as? String, "unavailable")
                    XCTAssertEqual(Set(body["down"] as? [String] ?? []), ["code-inventory", "claimer", "markets", "scheduler"])
                }
            }
        }
    }

    func test_openAPI_isGeneratedFromTheRouteTable() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/openapi.json", method: .get) { response in
                    XCTAssertEqual(response.status, .ok)
                    let document = Self.json(response.body)
                    let paths = document["paths"] as? [String: Any] ?? [:]
                    for route in GatewayRoutes.all {
                        XCTAssertNotNil((paths[route.path] as? [String: Any])?[route.method.rawValue.lowercased()], route.path)
                    }
                    let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
                    XCTAssertNotNil(schemas?["platform.HealthReply"])
                    // Replies always carry their plain fields: they are required.
                    let health = schemas?["platform.HealthReply"] as? [String: Any]
                    XCTAssertEqual(
                        Set(health?["required"] as? [String] ?? []),
                        ["service", "version", "databaseReachable", "uptimeSeconds", "instance"]
                    )
                    let error = schemas?["Error"] as? [String: Any]
                    XCTAssertEqual(error?["required"] as? [String], ["error"])
                    // A request's fields are `required` and `enum` where their (api.field) option says so.
                    XCTAssertEqual((schemas?["loyalty.EarnRequest"] as? [String: Any])?["required"] as? [String], ["card", "storeId", "amount"])
                    XCTAssertNil((schemas?["loyalty.GetCustomerRequest"] as? [String: Any])?["required"])
                    let confirm = (schemas?["loyalty.ConfirmDiscountRequest"] as? [String: Any])?["properties"] as? [String: Any]
                    XCTAssertEqual((confirm?["status"] as? [String: Any])?["enum"] as? [String], ["applied", "failed"])
                    // A request's timestamp is a date-time.
                    let create = (schemas?["markets.CreateMarketRequest"] as? [String: Any])?["properties"] as? [String: Any]
                    XCTAssertEqual((create?["closeTime"] as? [String: Any])?["format"] as? String, "date-time")
                }
            }
        }
    }

    func test_metrics_exposeRequestCounts() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { _ in }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertTrue(String(buffer: response.body).contains("http_requests_total"))
                }
            }
        }
    }

    func test_statusMapping_followsGrpcGateway() {
        let expected: [StatusCode: Int] = [
            .ok: 200, .invalidArgument: 400, .failedPrecondition: 400, .outOfRange: 400,
            .unauthenticated: 401, .permissionDenied: 403, .notFound: 404, .alreadyExists: 409,
            .aborted: 409, .resourceExhausted: 429, .cancelled: 499, .internal: 500,
            .unknown: 500, .dataLoss: 500, .unimplemented: 501, .unavailable: 503,
            .deadlineExceeded: 504,
        ]
        for code in StatusCode.allCases {
            XCTAssertEqual(HTTPStatusMapping.status(for: code).code, expected[code], code.rawValue)
        }
    }
}
