import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

final class RateLimitMiddlewareTests: XCTestCase {
    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    private static let limit = HTTPField.Name("RateLimit-Limit")!
    private static let remaining = HTTPField.Name("RateLimit-Remaining")!
    private static let reset = HTTPField.Name("RateLimit-Reset")!
    private static let slow = ["GATEWAY_RATE_LIMIT_PER_SECOND": "1", "GATEWAY_RATE_LIMIT_BURST": "2"]

    func test_untrustedPeer_forwardedForHasNoEffect() async throws {
        try await withGateway(environment: Self.slow) { harness in
            try await harness.application().test(.live) { client in
                var statuses: [HTTPResponse.Status] = []
                for address in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
                    statuses.append(try await client.execute(uri: "/healthz", method: .get, headers: [Self.forwardedFor: address]).status)
                }
                XCTAssertEqual(statuses, [.ok, .ok, .tooManyRequests], "one bucket: the peer's")
            }
        }
    }

    func test_trustedPeer_eachForwardedClientHasItsOwnBucket() async throws {
        try await withGateway(environment: Self.slow.merging(["TRUSTED_PROXIES": "127.0.0.1, ::1"]) { _, new in new }) { harness in
            try await harness.application().test(.live) { client in
                var statuses: [HTTPResponse.Status] = []
                for chain in [
                    "198.51.100.1", "198.51.100.1", "198.51.100.1", "198.51.100.2",
                    // Spoofing: what the client prepends does not move it to a fresh bucket.
                    "203.0.113.50, 198.51.100.1", "10.9.9.9, 127.0.0.1, 198.51.100.1",
                ] {
                    statuses.append(try await client.execute(uri: "/healthz", method: .get, headers: [Self.forwardedFor: chain]).status)
                }
                XCTAssertEqual(statuses, [.ok, .ok, .tooManyRequests, .ok, .tooManyRequests, .tooManyRequests])
            }
        }
    }

    func test_everyAnswer_carriesTheLimitHeaders_remainingFalls_and429KeepsRetryAfter() async throws {
        try await withGateway(environment: ["GATEWAY_RATE_LIMIT_PER_SECOND": "1", "GATEWAY_RATE_LIMIT_BURST": "4"]) { harness in
            try await harness.application().test(.router) { client in
                var remaining: [Int] = []
                // A plain answer, an error of ours (401), and one of Hummingbird's (404).
                for (uri, method, status) in [
                    ("/healthz", HTTPRequest.Method.get, HTTPResponse.Status.ok),
                    ("/api/admin/loyalty/echo", .post, .unauthorized),
                    ("/no/such/route", .get, .notFound),
                    ("/healthz", .get, .ok),
                ] {
                    let response = try await client.execute(uri: uri, method: method)
                    XCTAssertEqual(response.status, status, uri)
                    XCTAssertEqual(response.headers[Self.limit], "4", uri)
                    XCTAssertNotNil(response.headers[Self.reset].flatMap(Int.init), uri)
                    remaining.append(response.headers[Self.remaining].flatMap(Int.init) ?? -1)
                }
                XCTAssertEqual(remaining, [3, 2, 1, 0])
                let limited = try await client.execute(uri: "/healthz", method: .get)
                XCTAssertEqual(limited.status, .tooManyRequests)
                XCTAssertEqual(limited.headers[Self.limit], "4")
                XCTAssertEqual(limited.headers[Self.remaining], "0")
                XCTAssertGreaterThanOrEqual(limited.headers[Self.reset].flatMap(Int.init) ?? 0, 1)
                XCTAssertNotNil(limited.headers[.retryAfter].flatMap(Int.init))
                XCTAssertNotNil(limited.headers[HTTPField.Name("X-Request-Id")!])
            }
        }
    }

    func test_limiter_countsDown_andResetIsTheTimeToAFullBucket() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        let start = ContinuousClock.now
        XCTAssertEqual(limiter.take("a", now: start), RateLimitDecision(retryAfter: nil, limit: 3, remaining: 2, resetSeconds: 1))
        XCTAssertEqual(limiter.take("a", now: start).remaining, 1)
        XCTAssertEqual(limiter.take("a", now: start), RateLimitDecision(retryAfter: nil, limit: 3, remaining: 0, resetSeconds: 2))
        let refused = limiter.take("a", now: start)
        XCTAssertEqual(refused.retryAfter, .milliseconds(500))
        XCTAssertEqual(refused.remaining, 0)
        XCTAssertEqual(limiter.take("a", now: start + .seconds(1)).remaining, 1, "two tokens back, one taken")
        XCTAssertEqual(limiter.take("b", now: start).remaining, 2)
    }
}
