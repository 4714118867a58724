import Foundation
import TestSupport
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every route the gateway publishes in `/openapi.json`, on the real executables, fed odd path
/// parameters, queries and JSON bodies (field names from the published schemas): bad input is a
/// 4xx answer, never a 5xx, and every service is still ready afterwards.
final class RouteFuzzEndToEndTests: XCTestCase {
    func test_everyPublishedRoute_givenOddInput_answers4xxNever5xx() async throws {
        try await withCluster(
            base: 18880,
            databaseURL: ReadinessEndToEndTests.databaseURL,
            extra: [
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000", "LOG_LEVEL": "warning",
                // The discount stream answers 200 and ends after this, so it is fuzzed like any route.
                "GATEWAY_STREAM_MAX_SECONDS": "1",
            ]
        ) { cluster in
            try cluster.startAll()
            let ready = await cluster.waitForReadiness { status, _ in status == 200 }
            XCTAssertEqual(ready?.0, 200, "\(ready?.1 ?? [:])")

            let (openAPIStatus, document) = try await cluster.get("/openapi.json")
            XCTAssertEqual(openAPIStatus, 200)
            let routes = Self.routes(document)
            XCTAssertGreaterThan(routes.count, 30, "the route table")
            let fieldNames = Self.fieldNames(document)
            let token = try await cluster.token(subject: "00000000-0000-0000-0000-0000000000f0", roles: ["admin", "supreme", "service", "user"])

            // FUZZ_SEED / FUZZ_ROUNDS pick another fixed sequence (to explore, or to replay a failure).
            let environment = ProcessInfo.processInfo.environment
            var random = SplitMix64(seed: environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_0F_0DD)
            let rounds = environment["FUZZ_ROUNDS"].flatMap { Int($0) } ?? 12
            var fiveHundreds: [String] = []
            var statuses: [Int: Int] = [:]
            for route in routes {
                for round in 0..<rounds {
                    let path = Self.fill(route.path, &random) + Self.query(route.queryNames, &random)
                    let body = route.method == "GET" ? nil : Data(Self.json(fieldNames, depth: 0, &random, object: round % 4 != 0).utf8)
                    let (status, answer) = try await cluster.request(
                        route.method,
                        path,
                        token: round % 5 == 0 ? nil : token,
                        contentType: body == nil ? nil : "application/json",
                        body: body
                    )
                    statuses[status, default: 0] += 1
                    // Any 5xx is a defect; a 501 would be a route naming a method its service does not register.
                    if status >= 500 {
                        fiveHundreds.append("\(route.method) \(path) \(body.map { String(decoding: $0, as: UTF8.self) } ?? ""): \(status) \(answer)")
                    }
                }
            }
            XCTAssertEqual(fiveHundreds, [], "gateway log:\n\(cluster.log("gateway").suffix(4000))")
            XCTAssertGreaterThan(statuses[400] ?? 0, 0, "\(statuses)")
            let after = await cluster.waitForReadiness(tries: 25) { status, _ in status == 200 }
            XCTAssertEqual(after?.0, 200, "every service still ready: \(after?.1 ?? [:])")
        }
    }

    private struct Route {
        var method: String
        var path: String
        var queryNames: [String]
    }

    private static func routes(_ document: [String: Any]) -> [Route] {
        guard let paths = document["paths"] as? [String: Any] else { return [] }
        return paths.keys.sorted().flatMap { path -> [Route] in
            let item = paths[path] as? [String: Any] ?? [:]
            return item.keys.sorted().compactMap { method in
                guard let operation = item[method] as? [String: Any] else { return nil }
                let names = (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }.compactMap {
                    $0["name"] as? String
                }
                return Route(method: method.uppercased(), path: path, queryNames: names)
            }
        }
    }

    /// Every property name of every published schema.
    private static func fieldNames(_ document: [String: Any]) -> [String] {
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let names = schemas.values.flatMap { (($0 as? [String: Any])?["properties"] as? [String: Any] ?? [:]).keys }
        return Array(Set(names)).sorted()
    }

    private static let pathValues = [
        "1", "0", "-1", "fuzz", "00000000-0000-0000-0000-000000000000", "not-a-uuid", "%2e%2e", "a%20b",
        "%C3%BC", String(repeating: "p", count: 300), "99999999999999999999", "tm",
    ]
    private static let queryValues = [
        "", "1", "0", "-1", "1000", "1001", "abc", "tm", "external", "true", "1e3", "99999999999999999999",
        "%00", "%FF", "2026-01-01T00:00:00Z", "YES",
    ]
    private static let values = [
        "null", "true", "false", "-1", "0", "1", "5", "1.5", "1e309", "-9223372036854775809",
        "18446744073709551616", "\"\"", "\"tm\"", "\"YES\"", "\"2026-01-01T00:00:00Z\"", "\"2027-02-30T00:00:00Z\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"", "\"\\u0000\"", "\"\\ud800\"", "\"0.5\"",
        "\"\(String(repeating: "w", count: 600))\"", "\"a@b.c\"",
    ]

    private static func fill(_ path: String, _ random: inout SplitMix64) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") ? pathValues.randomElement(using: &random)! : String(segment)
        }.joined(separator: "/")
    }

    private static func query(_ names: [String], _ random: inout SplitMix64) -> String {
        let pairs = names.shuffled(using: &random).prefix(Int.random(in: 0...names.count, using: &random)).map {
            "\($0)=\(queryValues.randomElement(using: &random)!)"
        }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    private static func json(_ names: [String], depth: Int, _ random: inout SplitMix64, object: Bool = false) -> String {
        if object || (depth < 3 && Int.random(in: 0..<4, using: &random) == 0) {
            let members = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                "\"\(names.randomElement(using: &random) ?? "x")\":\(json(names, depth: depth + 1, &random))"
            }
            return "{\(members.joined(separator: ","))}"
        }
        if depth < 3 && Int.random(in: 0..<6, using: &random) == 0 {
            return "[\((0..<Int.random(in: 0...3, using: &random)).map { _ in json(names, depth: depth + 1, &random) }.joined(separator: ","))]"
        }
        return values.randomElement(using: &random)!
    }
}
