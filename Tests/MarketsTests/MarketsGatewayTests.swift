import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Markets
import ServiceKit
import XCTest

/// The markets REST shape through the real gateway: tokens issued by markets are accepted by the
/// gateway (shared `JWT_SECRET`), and the original's `/api/v1/...` paths answer.
final class MarketsGatewayTests: XCTestCase {
    private static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    private static func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
    }

    func test_signupThenMe_withTheIssuedToken_andRefresh_overREST() async throws {
        // Real time: the gateway checks the token's expiry against its own clock.
        try await withMarkets(clock: ManualClock(Date())) { service in
            try await service.withGateway { gateway in
                let app = Application(router: gateway.router())
                try await app.test(.live) { client in
                    var access = ""
                    var refresh = ""
                    try await client.execute(
                        uri: "/api/v1/auth/signup",
                        method: .post,
                        headers: [.contentType: "application/json"],
                        body: Self.body(["email": "rest@example.com", "password": "a good password", "username": "rest_user"])
                    ) { response in
                        XCTAssertEqual(response.status, .created, String(buffer: response.body))
                        let reply = Self.json(response.body)
                        access = reply["accessToken"] as? String ?? ""
                        refresh = reply["refreshToken"] as? String ?? ""
                        XCTAssertEqual((reply["user"] as? [String: Any])?["credits"] as? Int, 1000)
                    }
                    try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: [.authorization: "Bearer \(access)"]) { response in
                        XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                        let me = Self.json(response.body)
                        XCTAssertEqual(me["username"] as? String, "rest_user")
                        XCTAssertEqual(me["roles"] as? [String], ["user"])
                    }
                    try await client.execute(uri: "/api/v1/auth/me", method: .get) { response in
                        XCTAssertEqual(response.status, .unauthorized)
                    }
                    try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.body(["refreshToken": refresh])) { response in
                        XCTAssertEqual(response.status, .ok)
                    }
                    try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.body(["refreshToken": refresh])) { response in
                        XCTAssertEqual(response.status, .unauthorized, "a rotated refresh token cannot be used again")
                    }
                    try await client.execute(
                        uri: "/api/v1/auth/signup",
                        method: .post,
                        body: Self.body(["email": "x@example.com", "password": true, "username": "a b"])
                    ) { response in
                        XCTAssertEqual(response.status, .badRequest)
                    }
                    try await client.execute(uri: "/api/v1/auth/x", method: .get) { response in
                        XCTAssertEqual(response.status, .notFound, "sign-in with X is not enabled without a provider")
                    }
                }
            }
        }
    }
}
