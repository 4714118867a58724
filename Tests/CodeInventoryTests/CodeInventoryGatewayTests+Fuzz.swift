import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

/// Every code-inventory route through the real gateway, fed odd paths, queries and JSON bodies:
/// bad input is always a 4xx answer, never a 5xx, and the gateway and service keep serving.
extension CodeInventoryGatewayTests {
    func test_everyRoute_givenOddPathsQueriesAndBodies_answers4xxNever5xx() async throws {
        try await withSetup { setup in
            // FUZZ_SEED / FUZZ_ROUNDS pick another fixed sequence (to explore, or to replay a failure).
            let environment = ProcessInfo.processInfo.environment
            var random = SplitMix64(seed: environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xF0_22ED)
            let requests = (0..<(environment["FUZZ_ROUNDS"].flatMap { Int($0) } ?? 400)).map { _ in Self.oddRequest(&random) }
            let app = Application(router: setup.gateway.router())
            try await app.test(.live) { client in
                var statuses: [Int: Int] = [:]
                for (round, (method, uri, contentType, body)) in requests.enumerated() {
                    var headers = Self.auth(round % 7 == 0 ? setup.admin : setup.supreme)
                    headers[.contentType] = contentType
                    try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
                        statuses[Int(response.status.code), default: 0] += 1
                        XCTAssertLessThan(response.status.code, 500, "\(method) \(uri) \(body): \(String(buffer: response.body))")
                    }
                }
                XCTAssertGreaterThan(statuses[400] ?? 0, 0, "\(statuses)")
                try await client.execute(uri: "/api/campaigns/after-fuzz/codes/count", method: .get, headers: Self.auth(setup.supreme)) { response in
                    XCTAssertEqual(response.status, .ok)
                }
            }
        }
    }

    private static let campaigns = ["fuzz", "a%20b", "%2e%2e", String(repeating: "c", count: 300), "%C3%BC", "x%00y", "-", "_"]
    private static let queryValues = ["", "tm", "external", "TM", "-1", "0", "1", "1000", "1001", "abc", "1e3", "99999999999999999999", "%00", "%FF"]
    private static let fields = [
        "type", "assignments", "code", "userId", "codes", "reserveId", "fileKey", "benefit", "credits", "tier",
        "days", "maxRedemptions", "validFrom", "validUntil", "campaignId", "count", "limit", "cursor",
    ]

    private static func oddRequest(_ random: inout SplitMix64) -> (HTTPRequest.Method, String, String, String) {
        let campaign = campaigns.randomElement(using: &random)!
        let query = { (random: inout SplitMix64) in
            (0..<Int.random(in: 0...3, using: &random)).map { _ in
                "\(["type", "count", "limit", "cursor", "x"].randomElement(using: &random)!)=\(queryValues.randomElement(using: &random)!)"
            }.joined(separator: "&")
        }
        let q = query(&random)
        let routes: [(HTTPRequest.Method, String)] = [
            (.post, "/api/campaigns/\(campaign)/codes?\(q)"), (.get, "/api/campaigns/\(campaign)/reserve?\(q)"),
            (.post, "/api/campaigns/\(campaign)/reserve?\(q)"), (.post, "/api/campaigns/\(campaign)/assign"),
            (.post, "/api/campaigns/\(campaign)/release"), (.get, "/api/campaigns/\(campaign)/codes/count?\(q)"),
            (.post, "/api/promo-codes"), (.get, "/api/promo-codes?\(q)"), (.get, "/api/promo-codes/\(campaign)"),
        ]
        let (method, uri) = routes.randomElement(using: &random)!
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return (method, uri, "text/csv", "a,b\n\"unterminated\n" + String(repeating: "z", count: Int.random(in: 0...200, using: &random)))
        case 1:
            return (
                method, uri, "application/json", ["", "{", "[]", "null", "\"x\"", "{\"a\":}", "{}{}", "\u{FEFF}{}"].randomElement(using: &random)!
            )
        default: return (method, uri, "application/json", json(depth: 0, &random, object: true))
        }
    }

    /// A JSON text: an object with some of the routes' field names, or any odd value.
    private static func json(depth: Int, _ random: inout SplitMix64, object: Bool = false) -> String {
        if object || (depth < 3 && Int.random(in: 0..<4, using: &random) == 0) {
            let members = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                "\"\(fields.randomElement(using: &random)!)\":\(json(depth: depth + 1, &random))"
            }
            return "{\(members.joined(separator: ","))}"
        }
        if depth < 3 && Int.random(in: 0..<6, using: &random) == 0 {
            return "[\((0..<Int.random(in: 0...3, using: &random)).map { _ in json(depth: depth + 1, &random) }.joined(separator: ","))]"
        }
        return [
            "null", "true", "-1", "0", "1", "5", "1.5", "1e309", "-9223372036854775809", "18446744073709551616", "\"\"", "\"tm\"",
            "\"external\"", "\"2026-01-01T00:00:00Z\"", "\"2027-02-30T00:00:00Z\"", "\"00000000-0000-0000-0000-000000000000\"",
            "\"codes/fuzz/tm/f.csv\"", "\"codes/fuzz/tm/../x.csv\"", "\"\\u0000\"", "\"\\ud800\"", "\"pro\"",
            "\"\(String(repeating: "w", count: 200))\"",
        ].randomElement(using: &random)!
    }
}
