import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Gateway

final class CrossOriginMiddlewareTests: XCTestCase {
    private static let environment = ["CORS_ALLOWED_ORIGINS": "https://shop.example, http://localhost:5173/"]

    func test_allowedOrigin_getsItsOrigin_onAnswers_andOnErrors() async throws {
        try await withGateway(environment: Self.environment) { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/health/loyalty", method: .get, headers: [.origin: "https://shop.example"]) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(response.headers[.accessControlAllowOrigin], "https://shop.example")
                    XCTAssertEqual(response.headers[.vary], "Origin")
                    XCTAssertTrue(response.headers[.accessControlExposeHeaders]?.contains("X-Request-Id") == true)
                }
                try await client.execute(uri: "/api/admin/loyalty/echo", method: .post, headers: [.origin: "http://localhost:5173"]) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                    XCTAssertEqual(response.headers[.accessControlAllowOrigin], "http://localhost:5173")
                }
            }
        }
    }

    func test_otherOrigins_getNoCORSHeader_andTheirPreflightIs403() async throws {
        try await withGateway(environment: Self.environment) { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/health/loyalty", method: .get, headers: [.origin: "https://evil.example"]) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertNil(response.headers[.accessControlAllowOrigin])
                }
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .options,
                    headers: [.origin: "https://shop.example.evil", .accessControlRequestMethod: "POST"]
                ) { response in
                    XCTAssertEqual(response.status, .forbidden)
                    XCTAssertNil(response.headers[.accessControlAllowOrigin])
                    XCTAssertNil(response.headers[.accessControlAllowMethods])
                }
            }
        }
    }

    func test_preflight_ofAnAllowedOrigin_allowsTheAPIsMethodsAndHeaders() async throws {
        try await withGateway(environment: Self.environment) { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/cashier/redeem",
                    method: .options,
                    headers: [.origin: "https://shop.example", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "idempotency-key"]
                ) { response in
                    XCTAssertEqual(response.status, .noContent)
                    XCTAssertEqual(response.headers[.accessControlAllowOrigin], "https://shop.example")
                    let methods = response.headers[.accessControlAllowMethods] ?? ""
                    for method in ["GET", "POST", "PATCH"] { XCTAssertTrue(methods.contains(method), methods) }
                    let headers = (response.headers[.accessControlAllowHeaders] ?? "").lowercased()
                    for header in ["authorization", "x-telegram-init-data", "x-store-api-key", "idempotency-key", "content-type"] {
                        XCTAssertTrue(headers.contains(header), header)
                    }
                    XCTAssertNotNil(response.headers[.accessControlMaxAge])
                }
            }
        }
    }

    func test_withoutConfiguredOrigins_noOriginIsAllowed_andPagesAreUntouched() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/cashier/earn",
                    method: .options,
                    headers: [.origin: "https://shop.example", .accessControlRequestMethod: "POST"]
                ) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
                try await client.execute(uri: "/cashier", method: .get, headers: [.origin: "https://shop.example"]) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertNil(response.headers[.accessControlAllowOrigin])
                }
            }
        }
    }
}
