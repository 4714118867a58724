import Foundation
import Logging
import Store
import TestSupport
import XCTest

/// Several real claimer processes on one queue: the rate limit holds across them, and a job whose
/// worker is killed mid-attempt is re-run after its lease and recorded once.
final class ClaimerEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"

    /// Another replica: its own bus endpoints, the same database schema.
    private func startReplica(_ cluster: Cluster, _ name: String, port: Int, extra: [String: String] = [:]) throws {
        try cluster.start(
            name,
            binary: "claimer",
            extra: [
                "CLAIMER_RPC_URL": "tcp://127.0.0.1:\(port)",
                "CLAIMER_EVENTS_URL": "tcp://127.0.0.1:\(port + 1)",
                // The first process holds the cluster's probe port.
                "CLAIMER_HTTP_ADDRESS": "off",
            ].merging(extra) { _, new in new }
        )
    }

    private func waitForHealth(_ cluster: Cluster) async -> Bool {
        for _ in 0..<150 {
            if let (status, body) = try? await cluster.get("/api/health/claimer"), status == 200, body["databaseReachable"] as? Bool == true {
                return true
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    private func pool() -> ConnectionPool {
        ConnectionPool(url: Self.databaseURL, size: 1, logger: Logger(label: "e2e") { _ in SwiftLogNoOpLogHandler() })
    }

    func test_threeWorkerProcesses_aUserWithTwentyJobs_neverExceedsTheLimitInAnyWindow() async throws {
        // One job at a time per process, each claim taking 300 ms (SLOW codes): while one process
        // claims, the jobs due beside it can only go to the others, so all three take part.
        let limits = [
            "CLAIMS_PER_MINUTE_PER_USER": "5", "CLAIMS_RATE_WINDOW_MS": "3000", "CLAIM_POLL_INTERVAL_MS": "50",
            "CLAIM_WORKER_CONCURRENCY": "1", "STAKE_MOCK_SLOW_MS": "300",
        ]
        try await withCluster(base: 18680, databaseURL: Self.databaseURL, extra: limits) { cluster in
            try cluster.start("claimer")
            try cluster.start("gateway")
            let healthy = await waitForHealth(cluster)
            XCTAssertTrue(healthy, cluster.log("claimer"))
            try startReplica(cluster, "claimer-2", port: 18710)
            try startReplica(cluster, "claimer-3", port: 18712)
            let user = "e2e-\(UUID().uuidString.prefix(8))"
            let userToken = try await cluster.token(subject: user, roles: ["user"])
            let adminToken = try await cluster.token(subject: "e2e-admin", roles: ["admin"])
            let codes = (0..<20).map { "SLOW-E2E-\($0)" }

            let (anonymous, _) = try await cluster.request(
                "POST",
                "/api/claim/submit",
                token: nil,
                json: ["userId": user, "apiKey": "sk-e2e-key-1", "codes": codes]
            )
            XCTAssertEqual(anonymous, 401)
            let (foreign, _) = try await cluster.request(
                "POST",
                "/api/claim/submit",
                token: userToken,
                json: ["userId": "somebody-else", "apiKey": "sk-e2e-key-1", "codes": codes]
            )
            XCTAssertEqual(foreign, 403)
            let (submitted, reply) = try await cluster.request(
                "POST",
                "/api/claim/submit",
                token: userToken,
                json: ["userId": user, "apiKey": "sk-e2e-key-1", "codes": codes]
            )
            XCTAssertEqual(submitted, 202, "\(reply)")
            XCTAssertEqual(reply["enqueued"] as? Int, 20)

            var status: [String: Any] = [:]
            for _ in 0..<300 {
                status = try await cluster.request("GET", "/api/claim/status/\(user)", token: userToken).1
                if status["claimed"] as? Int == 20 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            XCTAssertEqual(status["claimed"] as? Int, 20, "status \(status)\n\(cluster.log("claimer-2"))")

            try await withPool(pool()) { db in
                let times = try await db.query("SELECT admitted_us FROM claimer.rate_admissions WHERE user_id = \(user) ORDER BY admitted_us")
                    .map { try $0.decode("admitted_us", as: Int64.self) }
                XCTAssertEqual(times.count, 20)
                for index in times.indices.dropLast(5) {
                    XCTAssertGreaterThanOrEqual(times[index + 5] - times[index], 3_000_000, "6 claims inside one 3 s window from \(index)")
                }
                let workers: Int = try await db.query("SELECT count(DISTINCT last_worker) AS n FROM claimer.jobs WHERE user_id = \(user)")[0].decode(
                    "n"
                )
                XCTAssertGreaterThanOrEqual(workers, 2, "the jobs were shared by the processes")
            }

            let (history, page) = try await cluster.request("GET", "/api/claim/history/\(user)?limit=15", token: userToken)
            XCTAssertEqual(history, 200)
            XCTAssertEqual((page["records"] as? [[String: Any]])?.count, 15)
            let before = page["nextBefore"] as? String ?? ""
            let (_, rest) = try await cluster.request("GET", "/api/claim/history/\(user)?limit=15&before=\(before)", token: userToken)
            XCTAssertEqual((rest["records"] as? [[String: Any]])?.count, 5)
            let (userDead, _) = try await cluster.request("GET", "/api/admin/claim/jobs?state=dead", token: userToken)
            XCTAssertEqual(userDead, 403)
            let (adminDead, _) = try await cluster.request("GET", "/api/admin/claim/jobs?state=dead", token: adminToken)
            XCTAssertEqual(adminDead, 200)
            let (deleted, deletion) = try await cluster.request("DELETE", "/api/claim/key/\(user)", token: userToken)
            XCTAssertEqual(deleted, 200)
            XCTAssertEqual(deletion["keyDeleted"] as? Bool, true)
            for name in ["claimer", "claimer-2", "claimer-3"] {
                XCTAssertFalse(cluster.log(name).contains("sk-e2e-key-1"), "\(name) logged the API key")
            }
            for name in ["claimer-3", "claimer-2", "claimer"] {
                let exit = await cluster.stop(name)
                XCTAssertEqual(exit, 0, "\(name) stops gracefully")
            }
        }
    }

    func test_workerKilledMidJob_jobIsRerunAfterItsLease_andRecordedOnce() async throws {
        try await withCluster(
            base: 18780,
            databaseURL: Self.databaseURL,
            extra: ["CLAIM_JOB_TIMEOUT": "4000", "CLAIM_LEASE_MARGIN_MS": "500", "CLAIM_POLL_INTERVAL_MS": "50"]
        ) { cluster in
            // The first process takes 3 s per SLOW claim: it is killed while it holds the job.
            try cluster.start("claimer", extra: ["STAKE_MOCK_SLOW_MS": "3000"])
            try cluster.start("gateway")
            let healthy = await waitForHealth(cluster)
            XCTAssertTrue(healthy, cluster.log("claimer"))
            let user = "e2e-\(UUID().uuidString.prefix(8))"
            let userToken = try await cluster.token(subject: user, roles: ["user"])
            let (submitted, _) = try await cluster.request(
                "POST",
                "/api/claim/submit",
                token: userToken,
                json: ["userId": user, "apiKey": "sk-e2e-key-2", "codes": ["SLOW-KILL"]]
            )
            XCTAssertEqual(submitted, 202)
            try await withPool(pool()) { db in
                var active = false
                for _ in 0..<100 {
                    let rows = try await db.query("SELECT 1 FROM claimer.jobs WHERE user_id = \(user) AND state = 'active'")
                    if !rows.isEmpty {
                        active = true
                        break
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                XCTAssertTrue(active)
                cluster.crash("claimer")

                // Its replacement takes over its endpoints (the gateway's claimer) and, after the lease, the job.
                try cluster.start("claimer-2", binary: "claimer", extra: ["STAKE_MOCK_SLOW_MS": "100"])
                for _ in 0..<200 {
                    let history = try await db.query("SELECT count(*) AS n FROM claimer.claim_history WHERE user_id = \(user)")
                    if try history[0].decode("n", as: Int.self) > 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let (statusCode, status) = try await cluster.request("GET", "/api/claim/status/\(user)", token: userToken)
                XCTAssertEqual(statusCode, 200)
                XCTAssertEqual(status["claimed"] as? Int, 1)
                let rows = try await db.query("SELECT status FROM claimer.claim_history WHERE user_id = \(user)")
                XCTAssertEqual(try rows.map { try $0.decode("status", as: String.self) }, ["claimed"], cluster.log("claimer-2"))
                let job = try await db.query("SELECT state, attempts FROM claimer.jobs WHERE user_id = \(user)")[0]
                XCTAssertEqual(try job.decode("state", as: String.self), "completed")
                XCTAssertEqual(try job.decode("attempts", as: Int.self), 1, "the lost attempt counts")
                XCTAssertTrue(cluster.log("claimer-2").contains("back in the queue"))
            }
        }
    }

    func test_newPromoCode_threeClaimersTwoInventories_enqueuedOncePerKeyHolder() async throws {
        let base = 19380
        let inventoryEvents = ["tcp://127.0.0.1:\(base + 12)", "tcp://127.0.0.1:\(base + 31)"]
        // Every claimer subscribes to both code-inventory replicas; none takes jobs, so they stay countable.
        let claimerExtra = [
            "CODE_INVENTORY_EVENTS_URL": inventoryEvents.joined(separator: ","), "CLAIM_WORKERS_ENABLED": "false",
            "CLAIM_EVENTS_CATCH_UP_MS": "1000",
        ]
        try await withCluster(base: base, databaseURL: Self.databaseURL) { cluster in
            try cluster.start("code-inventory")
            try cluster.start(
                "code-inventory-2",
                binary: "code-inventory",
                extra: [
                    "CODE_INVENTORY_RPC_URL": "tcp://127.0.0.1:\(base + 30)", "CODE_INVENTORY_EVENTS_URL": inventoryEvents[1],
                    "CODE_INVENTORY_HTTP_ADDRESS": "off",
                ]
            )
            try cluster.start("claimer", extra: claimerExtra)
            try cluster.start("gateway")
            let healthy = await waitForHealth(cluster)
            XCTAssertTrue(healthy, cluster.log("claimer"))
            try startReplica(cluster, "claimer-2", port: base + 40, extra: claimerExtra)
            try startReplica(cluster, "claimer-3", port: base + 42, extra: claimerExtra)
            let run = UUID().uuidString.prefix(6)
            let holders = 100
            let users = (0..<holders).map { "e2e-auto-\(run)-\($0)" }
            for user in users {
                let token = try await cluster.token(subject: user, roles: ["user"])
                let (submitted, reply) = try await cluster.request(
                    "POST",
                    "/api/claim/submit",
                    token: token,
                    json: ["userId": user, "apiKey": "sk-e2e-\(user)", "codes": ["E2E-SEED"]]
                )
                XCTAssertEqual(submitted, 202, "\(reply)")
            }
            let admin = try await cluster.token(subject: "e2e-admin", roles: ["admin"])
            let code = "AUTO-\(run)".uppercased()
            let (created, promo) = try await cluster.request(
                "POST",
                "/api/promo-codes",
                token: admin,
                json: [
                    "code": code, "benefit": ["credits": 100], "maxRedemptions": 100,
                    "validUntil": ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600)),
                ]
            )
            XCTAssertEqual(created, 201, "\(promo)")
            let database = pool()
            func counts() async throws -> (jobs: Int, users: Int) {
                let row = try await database.query(
                    """
                    SELECT count(*) AS n, count(DISTINCT user_id) AS u FROM claimer.jobs
                    WHERE code = \(code) AND user_id = ANY(\(users)::text[])
                    """
                )[0]
                return (try row.decode("n"), try row.decode("u"))
            }
            try await eventually("every key holder gets the new code", timeout: .seconds(30), every: .milliseconds(200)) {
                try await counts().users == holders
            }
            // Three consumers go on receiving it from two publishers and checking the outbox: still one each.
            try await Task.sleep(for: .seconds(3))
            let (jobs, distinct) = try await counts()
            XCTAssertEqual(jobs, holders, cluster.log("claimer-2").suffix(2000).description)
            XCTAssertEqual(distinct, holders)
            await database.close()
        }
    }
}
