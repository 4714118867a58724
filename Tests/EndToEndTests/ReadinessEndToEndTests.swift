import Foundation
import XCTest

/// Starts the real executables against the test Postgres and checks the gateway's view of them.
final class ReadinessEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"

    func test_readyz_listsFiveHealthyServices_andNamesAStoppedOne() async throws {
        try await withCluster(base: 18080, databaseURL: Self.databaseURL) { cluster in
            try cluster.startAll()
            do {
                let ready = await cluster.waitForReadiness { status, _ in status == 200 }
                XCTAssertEqual(ready?.0, 200, "gateway log:\n\(cluster.log("gateway"))\nloyalty log:\n\(cluster.log("loyalty"))")
                let services = ready?.1["services"] as? [String: Any] ?? [:]
                XCTAssertEqual(Set(services.keys), Set(Cluster.services))
                for (name, value) in services {
                    XCTAssertEqual((value as? [String: Any])?["healthy"] as? Bool, true, name)
                }

                let (healthStatus, health) = try await cluster.get("/api/health/markets")
                XCTAssertEqual(healthStatus, 200)
                XCTAssertEqual(health["service"] as? String, "markets")
                XCTAssertEqual(health["databaseReachable"] as? Bool, true)

                let exit = await cluster.stop("claimer")
                XCTAssertEqual(exit, 0, "SIGTERM ends a service gracefully with status 0:\n\(cluster.log("claimer"))")
                let down = await cluster.waitForReadiness { status, _ in status == 503 }
                XCTAssertEqual(down?.0, 503, "strict: every service must be up")
                XCTAssertEqual(down?.1["down"] as? [String], ["claimer"])
                let (degradedStatus, degraded) = try await cluster.get("/readyz")
                XCTAssertEqual(degradedStatus, 200, "the gateway still serves the other four")
                XCTAssertEqual(degraded["status"] as? String, "degraded")
                XCTAssertEqual(degraded["down"] as? [String], ["claimer"])
                let claimer = (degraded["services"] as? [String: Any])?["claimer"] as? [String: Any]
                XCTAssertEqual(claimer?["status"] as? String, "down")
            }
        }
    }

    func test_everyService_answersProbesAndMetricsOnItsOwnHTTPPort() async throws {
        try await withCluster(base: 19780, databaseURL: Self.databaseURL) { cluster in
            for service in Cluster.services { try cluster.start(service) }
            for service in Cluster.services {
                var ready: (Int, String?, String)?
                for _ in 0..<150 {
                    ready = try? await cluster.getService(service, "/readyz")
                    if ready?.0 == 200 { break }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                XCTAssertEqual(ready?.0, 200, "\(service): \(ready?.2 ?? "no answer")\n\(cluster.log(service))")
                let checks = (try? JSONSerialization.jsonObject(with: Data((ready?.2 ?? "").utf8))) as? [String: Any]
                XCTAssertEqual(checks?["checks"] as? [String: Bool], ["migrated": true, "database": true, "serving": true], service)
                let health = try await cluster.getService(service, "/healthz")
                XCTAssertEqual(health.0, 200, service)
                let metrics = try await cluster.getService(service, "/metrics")
                XCTAssertEqual(metrics.0, 200, service)
                XCTAssertEqual(metrics.1, "text/plain; version=0.0.4", service)
                XCTAssertTrue(metrics.2.contains(#"build_info{service="\#(service)""#), "\(service):\n\(metrics.2)")
                XCTAssertTrue(metrics.2.contains("process_cpu_seconds_total"), service)
            }
        }
    }

    func test_gateway_answersAndShutsDownGracefully() async throws {
        try await withCluster(base: 18180, databaseURL: Self.databaseURL) { cluster in
            try cluster.start("gateway")
            var status = 0
            for _ in 0..<100 {
                if let answer = try? await cluster.get("/healthz") {
                    status = answer.0
                    break
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            XCTAssertEqual(status, 200)
            let (readyStatus, ready) = try await cluster.get("/readyz")
            XCTAssertEqual(readyStatus, 200, "the gateway itself serves")
            XCTAssertEqual(ready["status"] as? String, "degraded")
            XCTAssertEqual(Set(ready["down"] as? [String] ?? []), Set(Cluster.services))
            let (strictStatus, strict) = try await cluster.get("/readyz?strict=1")
            XCTAssertEqual(strictStatus, 503, "no service is running")
            XCTAssertEqual(strict["status"] as? String, "unavailable")
            let exit = await cluster.stop("gateway")
            XCTAssertEqual(exit, 0)
        }
    }
}
