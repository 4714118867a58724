import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every metrics endpoint of a running platform passes `promtool check metrics` (HELP on every
/// family, names and types as Prometheus expects), with build and process metrics, after traffic
/// that makes each service expose its own metrics.
final class MetricsEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let base = 19180

    private func text(_ cluster: Cluster, _ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(cluster.gatewayPort)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// promtool's verdict on `text` (exit status and what it printed).
    private func promtool(_ text: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["promtool", "check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }

    func test_everyMetricsEndpoint_passesPromtool_andUnknownServicesAre404() async throws {
        try await withCluster(
            base: Self.base,
            databaseURL: Self.databaseURL,
            extra: ["CLAIMS_PER_MINUTE_PER_USER": "0", "CLAIM_POLL_INTERVAL_MS": "50"]
        ) { cluster in
            try cluster.startAll()
            do {
                let ready = await cluster.waitForReadiness { status, _ in status == 200 }
                XCTAssertEqual(ready?.0, 200, "gateway log:\n\(cluster.log("gateway"))")
                // Traffic that makes the claimer and the scheduler record their own metrics.
                // A user of its own: a code is claimed once per user, also across runs on one database.
                let userId = "metrics-\(UUID().uuidString.prefix(8))"
                let user = try await cluster.token(subject: userId, roles: ["user"])
                let admin = try await cluster.token(subject: "metrics-admin", roles: ["admin"])
                let (submitted, submit) = try await cluster.request(
                    "POST",
                    "/api/claim/submit",
                    token: user,
                    json: ["userId": userId, "apiKey": "key-metrics-1", "codes": ["WELCOME"]]
                )
                XCTAssertEqual(submitted, 202, "\(submit)")
                let (ran, run) = try await cluster.request("POST", "/api/admin/jobs/expire-points", token: admin, json: [:])
                XCTAssertEqual(ran, 200, "\(run)")
                for _ in 0..<100 {
                    if try await text(cluster, "/metrics/claimer").1.contains("claimer_attempts_total") { break }
                    try await Task.sleep(for: .milliseconds(100))
                }

                for path in ["/metrics"] + Cluster.services.map { "/metrics/\($0)" } {
                    let (status, body) = try await text(cluster, path)
                    XCTAssertEqual(status, 200, path)
                    let (exit, verdict) = try promtool(body)
                    XCTAssertEqual(exit, 0, "promtool on \(path):\n\(verdict)")
                    XCTAssertTrue(body.contains("build_info{"), path)
                    XCTAssertTrue(body.contains("process_cpu_seconds_total"), path)
                    XCTAssertTrue(body.contains("process_resident_memory_bytes"), path)
                }
                let claimer = try await text(cluster, "/metrics/claimer").1
                XCTAssertTrue(claimer.contains("# HELP claimer_attempts_total"), claimer)
                let scheduler = try await text(cluster, "/metrics/scheduler").1
                XCTAssertTrue(scheduler.contains("# HELP scheduler_runs_total"), scheduler)
                let (missing, _) = try await text(cluster, "/metrics/nonexistent")
                XCTAssertEqual(missing, 404)
            }
        }
    }
}
