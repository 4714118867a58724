import Bus
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

@testable import Scheduler

/// The admin REST API through the real gateway router to the real scheduler over the bus.
final class SchedulerGatewayTests: XCTestCase {
    static let secret = "scheduler-gateway-secret-0123456789-0123"

    private struct Setup {
        let harness: SchedulerHarness
        let gateway: GatewayApp
        let admin: String
        let user: String
    }

    /// Starts the scheduler and a gateway in front of it, runs `body` and stops both, also when `body` throws.
    private func withSetup(_ body: (Setup) async throws -> Void) async throws {
        try await withScheduler { harness in
            let values = [
                "SCHEDULER_RPC_URL": harness.service.rpcURL, "JWT_SECRET": Self.secret,
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
            ]
            let gateway = try await GatewayApp(
                config: GatewayConfig(environment: ServiceEnvironment(values)),
                logger: SchedulerHarness.quietLogger("scheduler-gateway")
            )
            try await withStarted(gateway, stop: { $0.backends.close() }) { gateway in
                try await body(
                    Setup(
                        harness: harness,
                        gateway: gateway,
                        admin: try await Self.token(["admin"]),
                        user: try await Self.token(["user", "supreme"])
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

    private static func violationFields(_ buffer: ByteBuffer) -> [String] {
        let error = json(buffer)["error"] as? [String: Any] ?? [:]
        return (error["violations"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    private static func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    func test_manualTrigger_auth403_unknown404_andRunReturnsTheSummary() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.router) { client in
                try await client.execute(uri: "/api/admin/jobs/promo-cleanup", method: .post) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(uri: "/api/admin/jobs/promo-cleanup", method: .post, headers: Self.auth(setup.user)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
                try await client.execute(uri: "/api/admin/jobs/no-such-job", method: .post, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .notFound, String(buffer: response.body))
                }
                try await client.execute(uri: "/api/admin/jobs/promo-cleanup", method: .post, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["job"] as? String, "promo-cleanup")
                    XCTAssertEqual(body["status"] as? String, "succeeded")
                    XCTAssertEqual(body["trigger"] as? String, "manual")
                    let summary = body["summary"] as? [[String: String]] ?? []
                    XCTAssertEqual(summary.map { $0["key"] }, ["tick"])
                }
            }
            XCTAssertEqual(setup.harness.target.count("promo-cleanup"), 1)
            // The service checks the role itself too (the bus can be called directly).
            do {
                _ = try await setup.harness.call(
                    "RunJobNow",
                    RunJobNowRequest(name: "promo-cleanup"),
                    as: JobRun.self,
                    principal: Principal(subject: "u", roles: ["user"])
                )
                XCTFail("a non-admin principal must be refused")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .permissionDenied)
            }
            XCTAssertEqual(setup.harness.target.count("promo-cleanup"), 1)
        }
    }

    func test_listJobs_patchValidation_history_andAlerts() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.router) { client in
                try await client.execute(uri: "/api/admin/jobs", method: .get, headers: Self.auth(setup.user)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
                try await client.execute(uri: "/api/admin/jobs", method: .get, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let jobs = Self.json(response.body)["jobs"] as? [[String: Any]] ?? []
                    XCTAssertEqual(jobs.count, 12)
                    let ingest = jobs.first { $0["name"] as? String == "markets-ingest" } ?? [:]
                    XCTAssertEqual(ingest["cron"] as? String, "*/5 * * * *")
                    XCTAssertEqual(ingest["service"] as? String, "markets")
                    XCTAssertEqual(ingest["timezone"] as? String, "UTC")
                    XCTAssertEqual(ingest["overlap"] as? String, "skip")
                    XCTAssertEqual(ingest["catchUpWindowSeconds"] as? Int, 3600)
                    XCTAssertEqual(ingest["nextRunAt"] as? String, "2026-01-01T00:05:00.000Z")
                }
                for (body, fields) in [
                    (#"{"cron":"*/5 * *"}"#, ["cron"]), (#"{"cron":"61 * * * *","timezone":"Mars/Olympus"}"#, ["cron", "timezone"]),
                    (#"{"overlap":"sometimes"}"#, ["overlap"]), (#"{}"#, ["body"]),
                ] {
                    try await client.execute(
                        uri: "/api/admin/jobs/markets-ingest",
                        method: .patch,
                        headers: Self.auth(setup.admin),
                        body: ByteBuffer(string: body)
                    ) { response in
                        XCTAssertEqual(response.status, .badRequest, body)
                        XCTAssertEqual(Self.violationFields(response.body), fields, body)
                    }
                }
                try await client.execute(
                    uri: "/api/admin/jobs/markets-ingest",
                    method: .patch,
                    headers: Self.auth(setup.user),
                    body: ByteBuffer(string: #"{"enabled":false}"#)
                ) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
                try await client.execute(
                    uri: "/api/admin/jobs/nope",
                    method: .patch,
                    headers: Self.auth(setup.admin),
                    body: ByteBuffer(string: #"{"enabled":false}"#)
                ) { response in
                    XCTAssertEqual(response.status, .notFound)
                }
                // Nothing changed by the refused edits.
                let stored = try await setup.harness.engine.jobs.get("markets-ingest")
                XCTAssertEqual(stored.cron, "*/5 * * * *")
                XCTAssertTrue(stored.enabled)
                try await client.execute(
                    uri: "/api/admin/jobs/markets-ingest",
                    method: .patch,
                    headers: Self.auth(setup.admin),
                    body: ByteBuffer(string: #"{"cron":"0 3 * * *","timezone":"Europe/Berlin"}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok, String(buffer: response.body))
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["cron"] as? String, "0 3 * * *")
                    XCTAssertEqual(body["timezone"] as? String, "Europe/Berlin")
                    XCTAssertEqual(body["nextRunAt"] as? String, "2026-01-01T02:00:00.000Z")
                }
                try await client.execute(
                    uri: "/api/admin/jobs/markets-ingest",
                    method: .patch,
                    headers: Self.auth(setup.admin),
                    body: ByteBuffer(string: #"{"enabled":false}"#)
                ) { response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    XCTAssertEqual(body["enabled"] as? Bool ?? false, false)
                    XCTAssertEqual(body["nextRunAt"] as? String ?? "", "")
                }
                for _ in 0..<3 {
                    try await client.execute(uri: "/api/admin/jobs/trial-reminder", method: .post, headers: Self.auth(setup.admin)) { response in
                        XCTAssertEqual(response.status, .ok)
                    }
                    setup.harness.clock.advance(by: 1)
                }
                var cursor = ""
                try await client.execute(uri: "/api/admin/jobs/trial-reminder/runs?limit=2", method: .get, headers: Self.auth(setup.admin)) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    let body = Self.json(response.body)
                    let runs = body["runs"] as? [[String: Any]] ?? []
                    XCTAssertEqual(runs.compactMap { $0["scheduledFor"] as? String }, ["2026-01-01T00:00:02.000Z", "2026-01-01T00:00:01.000Z"])
                    cursor = body["nextCursor"] as? String ?? ""
                }
                XCTAssertFalse(cursor.isEmpty)
                try await client.execute(
                    uri: "/api/admin/jobs/trial-reminder/runs?limit=2&cursor=\(cursor)",
                    method: .get,
                    headers: Self.auth(setup.admin)
                ) { response in
                    let body = Self.json(response.body)
                    XCTAssertEqual(
                        (body["runs"] as? [[String: Any]] ?? []).compactMap { $0["scheduledFor"] as? String },
                        ["2026-01-01T00:00:00.000Z"]
                    )
                    XCTAssertEqual(body["nextCursor"] as? String ?? "", "")
                }
                try await client.execute(uri: "/api/admin/jobs/trial-reminder/runs?limit=500", method: .get, headers: Self.auth(setup.admin)) {
                    response in
                    XCTAssertEqual(response.status, .badRequest)
                    XCTAssertEqual(Self.violationFields(response.body), ["limit"])
                }
                try await client.execute(uri: "/api/admin/jobs", method: .get, headers: Self.auth(setup.admin)) { response in
                    let jobs = Self.json(response.body)["jobs"] as? [[String: Any]] ?? []
                    let trial = jobs.first { $0["name"] as? String == "trial-reminder" } ?? [:]
                    XCTAssertEqual(trial["lastStatus"] as? String, "succeeded")
                    XCTAssertEqual(trial["lastRunAt"] as? String, "2026-01-01T00:00:02.000Z")
                }
                try await client.execute(uri: "/api/admin/alerts", method: .get, headers: Self.auth(setup.user)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
                try await client.execute(uri: "/api/admin/alerts", method: .get, headers: Self.auth(setup.admin)) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual((Self.json(response.body)["alerts"] as? [Any] ?? []).count, 0)
                }
            }
        }
    }
}
